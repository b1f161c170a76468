namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Latencies (before time compression). Each is a log-normal distribution given by its median and 99th percentile;
/// defaults come from client-side latencies reported in cilium/cilium#44539 (Describe*), DataDog/integrations-core#10143 (Attach), aws/amazon-vpc-cni-k8s#3480, #3105 and #624 (Assign, Create, Delete).
/// </summary>
public sealed class LatencyOptions
{
    /// <summary>Whether calls have latency at all; false answers every call at once (tests). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per-action overrides, keyed by EC2 action name; other actions keep <see cref="LatencyDefaults"/>.</summary>
    public IDictionary<string, LatencySpec> Actions { get; set; } = new Dictionary<string, LatencySpec>(StringComparer.Ordinal);

    /// <summary>Latency of a call refused by throttling. Default median 30 ms, p99 80 ms (inferred).</summary>
    public LatencySpec Throttled { get; set; } = new(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(80));

    /// <summary>
    /// From AttachNetworkInterface to <c>attached</c> (the attachment is <c>attaching</c> meanwhile). Applies even
    /// when <see cref="Enabled"/> is false. Default median 2 s, p99 10 s.
    /// </summary>
    public LatencySpec AttachCompletion { get; set; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

    /// <summary>From DetachNetworkInterface to detached (<c>detaching</c> meanwhile). Default median 3 s, p99 5 s.</summary>
    public LatencySpec DetachCompletion { get; set; } = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5));

    /// <summary>
    /// Eventual consistency: how long a new ENI stays invisible to Describe* (NotFound by id, absent from filtered
    /// lists). Null (the default) turns it off.
    /// </summary>
    public LatencySpec? ConsistencyLag { get; set; }
}

/// <summary>A log-normal duration given by its median and 99th percentile (both ≥ 0, p99 ≥ median).</summary>
/// <param name="Median">The median.</param>
/// <param name="P99">The 99th percentile.</param>
public sealed record LatencySpec(TimeSpan Median, TimeSpan P99)
{
    /// <summary>A fixed duration.</summary>
    public static LatencySpec Fixed(TimeSpan value) => new(value, value);

    /// <summary>No delay.</summary>
    public static LatencySpec Zero { get; } = Fixed(TimeSpan.Zero);
}
