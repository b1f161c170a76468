namespace Fleet.Ec2.Emulator.Options;

/// <summary>EC2's request-rate buckets: one per action, per account and region.</summary>
public sealed class ThrottlingOptions
{
    /// <summary>Whether calls are throttled at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether a throttled call costs a token anyway (the bucket goes into debt, paid back by refill). EC2 does not
    /// document it; default false (a rejected call takes nothing).
    /// </summary>
    public bool RejectedCallsCostToken { get; set; }

    /// <summary>
    /// Overrides per bucket, keyed by EC2 action name, plus <c>DescribeNetworkInterfacesUnfiltered</c> and
    /// <c>DescribeInstancesUnfiltered</c> for the smaller unfiltered-describe buckets. Unset fields keep EC2's
    /// default (<see cref="Fleet.Core.Throttling.Ec2BucketDefaults"/>).
    /// </summary>
    public IDictionary<string, BucketOverride> Buckets { get; set; } = new Dictionary<string, BucketOverride>(StringComparer.Ordinal);
}

/// <summary>An override of one bucket's size.</summary>
public sealed class BucketOverride
{
    /// <summary>Maximum tokens (the burst), &gt; 0. Null keeps the default.</summary>
    public double? Capacity { get; set; }

    /// <summary>Tokens added per second (before time compression), ≥ 0. Null keeps the default.</summary>
    public double? RefillPerSecond { get; set; }
}
