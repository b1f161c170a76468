using Fleet.Ec2.Emulator.Options;
using Fleet.Testing;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// The reliability suite's allocator cluster: <see cref="AllocatorCluster"/> (two in-process silos, the real AWSSDK.EC2
/// client against a real emulator over HTTP) with time compressed on both sides (<see cref="Compression"/>), a third,
/// tiny tagged subnet, and the allocator's pacing shortened so faults and recoveries fit a test. Faults are set on
/// the emulator at run time, as <c>POST /_emulator/faults</c> does.
/// </summary>
internal static class FaultCluster
{
    public const string ClusterName = "reliability";
    public const string SubnetA = "subnet-0a000000000000001";
    public const string SubnetB = "subnet-0b000000000000001";

    /// <summary>A /26 in us-east-1a tagged <c>tier=tiny</c>: room for two /28 blocks, less the five reserved addresses.</summary>
    public const string TinySubnet = "subnet-0c000000000000001";

    /// <summary>EC2 time per wall second, on the emulator and in Fleet's throttle alike.</summary>
    public const double Compression = 10;

    /// <summary>Starts the emulator (<paramref name="emulator"/> adjusts its options) and two silos (<paramref name="settings"/>: extra <c>Fleet:</c> keys).</summary>
    /// <param name="durableState">
    /// Grain state in a store the silos share and that outlives any of them (it stands in for Redis, as deployed with
    /// several silos), instead of each silo's own memory: for runs that kill a silo.
    /// </param>
    public static Task<AllocatorCluster> StartAsync(Action<EmulatorOptions>? emulator = null, IReadOnlyDictionary<string, string?>? settings = null, bool durableState = false)
    {
        var config = new Dictionary<string, string?>
        {
            ["Fleet:Allocator:ReleaseDelay"] = "00:00:01",
            ["Fleet:Allocator:JanitorInterval"] = "00:00:01",
            ["Fleet:Allocator:TickInterval"] = "00:00:00.250",
            ["Fleet:Allocator:BackoffBase"] = "00:00:00.250",
            ["Fleet:Allocator:BackoffMax"] = "00:00:04",
            ["Fleet:Allocator:SubnetExhaustedFor"] = "00:00:05",
            // At 10× a wall-clock jitter of 500 ms on a loaded 2-core machine is 5 s of EC2 time (see Grains BurstTests).
            ["Fleet:Throttle:ArrivalJitter"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        return AllocatorCluster.StartAsync(new ClusterSetup
        {
            TimeScale = Compression,
            ClusterName = ClusterName,
            DurableState = durableState,
            Seed = 7,
            Vpcs = Region3,
            Config = config,
            Emulator = options =>
            {
                options.AddressSelection = AddressSelection.Random; // as EC2 picks addresses, not the grain suite's lowest-first
                emulator?.Invoke(options);
            },
        });
    }

    /// <summary>Two /17 subnets (room for hundreds of prefix-mode nodes) and a tiny tagged /26, in one VPC.</summary>
    private static IList<VpcOptions> Region3() =>
    [
        new VpcOptions
        {
            Id = "vpc-0e000000000000001",
            CidrBlock = "10.0.0.0/15",
            IsDefault = true,
            Subnets =
            [
                new SubnetOptions { Id = SubnetA, CidrBlock = "10.0.0.0/17", AvailabilityZone = "us-east-1a", DefaultForAz = true },
                new SubnetOptions { Id = SubnetB, CidrBlock = "10.0.128.0/17", AvailabilityZone = "us-east-1b", DefaultForAz = true },
                new SubnetOptions { Id = TinySubnet, CidrBlock = "10.1.0.0/26", AvailabilityZone = "us-east-1a", Tags = new Dictionary<string, string> { ["tier"] = "tiny" } },
            ],
        },
    ];
}
