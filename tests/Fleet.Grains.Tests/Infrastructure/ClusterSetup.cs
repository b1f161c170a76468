using Fleet.Ec2.Emulator.Options;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>How a test's allocator cluster and emulator are set up.</summary>
internal sealed record ClusterSetup
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
