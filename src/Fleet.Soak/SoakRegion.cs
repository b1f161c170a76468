using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Soak;

/// <summary>The emulator for a soak: two /17 subnets, EC2's latencies and buckets compressed, faults on, served over HTTP.</summary>
internal static class SoakRegion
{
    public const string SubnetA = "subnet-05a0a000000000001";
    public const string SubnetB = "subnet-05a0b000000000001";

    public static async Task<(Ec2Region Region, Ec2EmulatorServer Server)> StartAsync(SoakOptions options)
    {
        var emulator = new EmulatorOptions
        {
            Seed = options.Seed,
            TimeCompression = options.Compression,
            TrailCapacity = 5_000, // a bounded trail fills up during the warm-up, so it does not read as the silo's growth
            Vpcs =
            [
                new VpcOptions
                {
                    Id = "vpc-05a0000000000001",
                    CidrBlock = "10.0.0.0/16",
                    IsDefault = true,
                    Subnets =
                    [
                        new SubnetOptions { Id = SubnetA, CidrBlock = "10.0.0.0/17", AvailabilityZone = "us-east-1a", DefaultForAz = true },
                        new SubnetOptions { Id = SubnetB, CidrBlock = "10.0.128.0/17", AvailabilityZone = "us-east-1b", DefaultForAz = true },
                    ],
                },
            ],
        };
        emulator.Throttling.Buckets["RunInstances"] = new BucketOverride { Capacity = 1_000, RefillPerSecond = 100 };
        emulator.Throttling.Buckets["TerminateInstances"] = new BucketOverride { Capacity = 1_000, RefillPerSecond = 100 };
        var region = new Ec2Region(emulator);
        region.SetFaults(Faults(options.FaultRate));
        return (region, await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 }));
    }

    /// <summary>500 and 503 at the rate on every action; lost responses on the calls that add capacity and 10× latency spikes at a fifth of it.</summary>
    private static Dictionary<string, ActionFaultOptions> Faults(double rate)
    {
        var faults = new Dictionary<string, ActionFaultOptions>(StringComparer.Ordinal);
        if (rate <= 0)
        {
            return faults;
        }

        faults["*"] = new ActionFaultOptions
        {
            InternalError = new FaultRule { Probability = rate },
            Unavailable = new FaultRule { Probability = rate },
            LatencySpike = new LatencySpikeRule { Probability = rate / 5, Extra = TimeSpan.FromSeconds(1.5) },
        };
        foreach (var action in new[] { "CreateNetworkInterface", "AttachNetworkInterface", "AssignPrivateIpAddresses" })
        {
            faults[action] = new ActionFaultOptions { ResponseLost = new FaultRule { Probability = rate / 5 } };
        }

        return faults;
    }
}
