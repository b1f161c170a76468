using Fleet.Ec2.Emulator.Options;

namespace Fleet.Testing;

/// <summary>How a test's allocator cluster and emulator are set up.</summary>
public sealed record ClusterSetup
{
    /// <summary>Silos in the cluster.</summary>
    public int Silos { get; init; } = 2;

    /// <summary>Whether grain time (timers, throttle buckets, delays) runs on a <c>FakeTimeProvider</c> the test advances.</summary>
    public bool FakeTime { get; init; }

    /// <summary>Time compression applied to both the emulator's and Fleet's buckets (real-time clusters).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Extra <c>Fleet:</c> configuration.</summary>
    public Dictionary<string, string?> Config { get; init; } = [];

    /// <summary>Changes to the emulator's options (latency is off and the region large by default).</summary>
    public Action<EmulatorOptions>? Emulator { get; init; }

    /// <summary>
    /// Whether grain state lives in a store the silos share and that outlives any of them (standing in for Redis, as
    /// deployed with several silos; the default), or in each silo's own memory (as the single-silo default).
    /// </summary>
    public bool DurableState { get; init; } = true;

    /// <summary>The cluster name tagged on the ENIs Fleet creates. Default <c>test</c>.</summary>
    public string ClusterName { get; init; } = "test";

    /// <summary>How long the test client waits for a grain's answer. Default 30 s (a cold cluster on a loaded machine is slow).</summary>
    public TimeSpan ClientResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The emulator's VPCs. Default <see cref="LargeRegion"/>.</summary>
    public Func<IList<VpcOptions>> Vpcs { get; init; } = LargeRegion;

    /// <summary>More silo set-up, such as a grain call filter that injects a fault between grains.</summary>
    public Action<Orleans.Hosting.ISiloBuilder>? Silo { get; init; }

    /// <summary>The emulator's seed. Default 0 (the emulator's own).</summary>
    public int? Seed { get; init; }

    /// <summary>A region with room for hundreds of prefix-mode nodes: two /17 subnets, one per AZ.</summary>
    public static IList<VpcOptions> LargeRegion() =>
    [
        new VpcOptions
        {
            Id = "vpc-0test0000000000001",
            CidrBlock = "10.0.0.0/16",
            IsDefault = true,
            Subnets =
            [
                new SubnetOptions { Id = "subnet-0a000000000000001", CidrBlock = "10.0.0.0/17", AvailabilityZone = "us-east-1a", DefaultForAz = true },
                new SubnetOptions { Id = "subnet-0b000000000000001", CidrBlock = "10.0.128.0/17", AvailabilityZone = "us-east-1b", DefaultForAz = true },
            ],
            SecurityGroups = [new SecurityGroupOptions { Id = "sg-0test00000000000001", Name = "default", Description = "default" }],
        },
    ];
}
