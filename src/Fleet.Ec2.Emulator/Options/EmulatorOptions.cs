namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Everything that shapes one emulated region: its layout, throttling, latency, faults, trail and time compression.
/// This is also the schema of the <c>--config</c> JSON file (see README.md). Validate with
/// <see cref="EmulatorOptionsValidator"/>; <see cref="Ec2Region"/> refuses options that do not validate.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>The region name. Default <c>us-east-1</c>; AZ names must start with it.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The account id reported as owner of everything. Default <c>123456789012</c>.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>
    /// Seed of every random choice (ids, addresses, latencies, faults): the same seed and the same calls give the
    /// same answers. Default 1.
    /// </summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Time compression factor c (&gt; 0, unitless). Bucket refill rates are multiplied by c; latencies and the
    /// attach, detach and consistency delays are divided by c; capacities are unchanged. Default 1 (real time);
    /// 10 runs a 30-minute scenario in 3 minutes with the same shape.
    /// </summary>
    public double TimeCompression { get; set; } = 1;

    /// <summary>How EC2 picks addresses and prefixes it chooses itself. Default <see cref="AddressSelection.Random"/>.</summary>
    public AddressSelection AddressSelection { get; set; } = AddressSelection.Random;

    /// <summary>The VPCs with their subnets and security groups. Empty: the default region (see README).</summary>
    public IList<VpcOptions> Vpcs { get; set; } = [];

    /// <summary>Per-action token buckets.</summary>
    public ThrottlingOptions Throttling { get; set; } = new();

    /// <summary>Per-action latency and the asynchronous delays.</summary>
    public LatencyOptions Latency { get; set; } = new();

    /// <summary>Faults per action name (or <c>*</c> for every action) at start-up; changeable at run time.</summary>
    public IDictionary<string, ActionFaultOptions> Faults { get; set; } = new Dictionary<string, ActionFaultOptions>(StringComparer.Ordinal);

    /// <summary>How many calls the trail keeps (a ring buffer). Default 100,000 calls.</summary>
    public int TrailCapacity { get; set; } = 100_000;

    /// <summary>How long a CreateNetworkInterface / RunInstances client token is remembered. Default 24 h (not compressed).</summary>
    public TimeSpan ClientTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The VPCs to build: <see cref="Vpcs"/>, or the default region when it is empty.</summary>
    public IReadOnlyList<VpcOptions> EffectiveVpcs() => Vpcs.Count > 0 ? [.. Vpcs] : DefaultRegion.Vpcs(Region);
}

/// <summary>How EC2 chooses the addresses and /28 prefixes a call leaves to it.</summary>
public enum AddressSelection
{
    /// <summary>Anywhere in the subnet, uniformly (seeded): subnets fragment as real ones do. The default.</summary>
    Random = 0,

    /// <summary>The lowest free address / lowest free aligned /28: fragmentation only from releases.</summary>
    Lowest = 1,
}
