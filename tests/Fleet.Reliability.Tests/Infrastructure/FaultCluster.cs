using Fleet.Abstractions.Grains;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// The allocator as it runs in a silo, cheaply: an in-process Orleans cluster (two silos, in-memory grain state)
/// talking to a real EC2 emulator over HTTP through the real AWSSDK.EC2 client, time compressed on both sides
/// (<see cref="Compression"/>). Faults are set on the emulator at run time, as <c>POST /_emulator/faults</c> does.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    public const string ClusterName = "reliability";
    public const string SubnetA = "subnet-0a000000000000001";
    public const string SubnetB = "subnet-0b000000000000001";

    /// <summary>A /26 in us-east-1a tagged <c>tier=tiny</c>: room for two /28 blocks, less the five reserved addresses.</summary>
    public const string TinySubnet = "subnet-0c000000000000001";

    /// <summary>EC2 time per wall second, on the emulator and in Fleet's throttle alike.</summary>
    public const double Compression = 10;

    private FaultCluster(Ec2Region region, Ec2EmulatorServer emulator, InProcessTestCluster cluster)
    {
        Region = region;
        Emulator = emulator;
        Cluster = cluster;
    }

    public Ec2Region Region { get; }

    public Ec2EmulatorServer Emulator { get; }

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Starts the emulator (<paramref name="emulator"/> adjusts its options) and two silos (<paramref name="settings"/>: extra <c>Fleet:</c> keys).</summary>
    /// <param name="durableState">
    /// Grain state in a store the silos share and that outlives any of them (it stands in for Redis, as deployed with
    /// several silos), instead of each silo's own memory: for runs that kill a silo.
    /// </param>
    public static async Task<FaultCluster> StartAsync(Action<EmulatorOptions>? emulator = null, IReadOnlyDictionary<string, string?>? settings = null, bool durableState = false)
    {
        var options = new EmulatorOptions { Vpcs = Region3(), TimeCompression = Compression, Seed = 7 };
        options.Latency.Enabled = false;
        options.Throttling.Buckets["RunInstances"] = new BucketOverride { Capacity = 10_000, RefillPerSecond = 1_000 };
        emulator?.Invoke(options);
        var region = new Ec2Region(options);
        var server = await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 });
        var config = new Dictionary<string, string?>
        {
            ["Fleet:Ec2:Mode"] = "Emulator",
            ["Fleet:Ec2:ServiceUrl"] = server.BaseAddress.ToString(),
            ["Fleet:Allocator:ClusterName"] = ClusterName,
            ["Fleet:Allocator:ReleaseDelay"] = "00:00:01",
            ["Fleet:Allocator:JanitorInterval"] = "00:00:01",
            ["Fleet:Allocator:TickInterval"] = "00:00:00.250",
            ["Fleet:Allocator:BackoffBase"] = "00:00:00.250",
            ["Fleet:Allocator:BackoffMax"] = "00:00:04",
            ["Fleet:Allocator:SubnetExhaustedFor"] = "00:00:05",
            ["Fleet:Throttle:TimeScale"] = Compression.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // At 10× a wall-clock jitter of 500 ms on a loaded 2-core machine is 5 s of EC2 time (see Grains BurstTests).
            ["Fleet:Throttle:ArrivalJitter"] = "00:00:05",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(30)));
        var store = new SharedGrainStore();
        builder.ConfigureSilo((_, silo) =>
        {
            if (durableState)
            {
                silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>("fleet", (sp, _) => store.For(sp.GetRequiredService<Orleans.Serialization.Serializer>()));
            }
            else
            {
                silo.AddMemoryGrainStorage("fleet", o => o.Configure<Orleans.Serialization.Serializer>((m, serializer) =>
                    m.GrainStorageSerializer = new Orleans.Storage.OrleansGrainStorageSerializer(serializer)));
            }
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(config);
            host.Services.AddFleetAllocator(host.Configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FaultCluster(region, server, cluster);
    }

    /// <summary>Launches m5.large instances, half in each AZ, one RunInstances per subnet.</summary>
    public IReadOnlyList<string> Launch(int count)
    {
        var launched = new List<string>();
        foreach (var (subnet, n) in new[] { (SubnetA, (count + 1) / 2), (SubnetB, count / 2) }.Where(g => g.Item2 > 0))
        {
            var result = Region.RunInstances(new RunInstancesRequest { InstanceType = "m5.large", SubnetId = subnet, MinCount = n, MaxCount = n });
            Assert.True(result.IsSuccess, $"RunInstances failed: {result.Error}");
            launched.AddRange(result.Value!.Reservation.Instances.Select(x => x.InstanceId));
        }

        return launched;
    }

    public INodeGrain Node(string instanceId) => Client.GetGrain<INodeGrain>(instanceId);

    public IJanitorGrain Janitor => Client.GetGrain<IJanitorGrain>(ClusterName);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Emulator.DisposeAsync();
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
