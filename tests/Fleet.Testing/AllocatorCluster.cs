using System.Collections.Concurrent;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Fleet.Testing;

/// <summary>
/// A real EC2 emulator over HTTP and an in-process Orleans cluster running the allocator against it through the
/// real AWSSDK.EC2 client, each silo made a Fleet silo the way the silo host does it (<see cref="FleetSiloBuilder.AddFleet"/>).
/// Grain state lives in storage shared by the silos by default, so killing one loses nothing that was written (as with
/// Redis). The one fixture of the grain and reliability suites: fake or compressed time, durable or per-silo state,
/// regions and settings are the <see cref="ClusterSetup"/>'s.
/// </summary>
public sealed class AllocatorCluster : IAsyncDisposable
{
    private static int s_clusters;

    private AllocatorCluster(Ec2Region region, Ec2EmulatorServer emulator, InProcessTestCluster cluster, SlippingClock? time, string throttleKey)
    {
        ThrottleKey = throttleKey;
        Region = region;
        Emulator = emulator;
        Cluster = cluster;
        Time = time;
    }

    public Ec2Region Region { get; }

    public Ec2EmulatorServer Emulator { get; }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The grain clock, when the cluster runs on fake time.</summary>
    public SlippingClock? Time { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>
    /// Ends a grain's activation, as when its silo dies but with its state written: collects idle activations until
    /// this one is gone (it may be busy for a moment with a call of its own).
    /// </summary>
    public async Task DeactivateAsync(IAddressable grain)
    {
        var id = grain.GetGrainId();
        var management = Client.GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            return (await management.GetActiveGrains(id.Type)).Contains(id);
        }, active => !active, $"{id} deactivated");
    }

    /// <summary>The throttle grain's key (each cluster has its own account).</summary>
    public string ThrottleKey { get; }

    public static async Task<AllocatorCluster> StartAsync(ClusterSetup setup)
    {
        var options = new EmulatorOptions
        {
            Vpcs = setup.Vpcs(),
            AddressSelection = AddressSelection.Lowest,
            TimeCompression = setup.TimeScale,
        };
        if (setup.Seed is { } seed)
        {
            options.Seed = seed;
        }
        options.Latency.Enabled = false;
        // The tests launch and end instances as an autoscaler would, faster than EC2's RunInstances bucket admits;
        // Fleet never calls RunInstances, so a roomy bucket changes nothing that is measured.
        foreach (var action in new[] { "RunInstances", "TerminateInstances" })
        {
            options.Throttling.Buckets[action] = new BucketOverride { Capacity = 10_000, RefillPerSecond = 10_000 };
        }
        setup.Emulator?.Invoke(options);
        var region = new Ec2Region(options);
        var emulator = await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 });

        var account = $"test{Interlocked.Increment(ref s_clusters)}";
        var config = new Dictionary<string, string?>
        {
            ["Fleet:Ec2:Mode"] = "Emulator",
            ["Fleet:Ec2:ServiceUrl"] = emulator.BaseAddress.ToString(),
            ["Fleet:Ec2:Region"] = "us-east-1",
            ["Fleet:Ec2:AccountId"] = account,
            ["Fleet:Allocator:ClusterName"] = setup.ClusterName,
            ["Fleet:Throttle:TimeScale"] = setup.TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in setup.Config)
        {
            config[key] = value;
        }

        var time = setup.FakeTime ? new SlippingClock(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)) : null;
        var store = new SharedGrainStore();
        var builder = new InProcessTestClusterBuilder((short)setup.Silos);
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = setup.ClientResponseTimeout));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFleet(new ConfigurationBuilder().AddInMemoryCollection(config).Build(), setup.DurableState ? FleetStorage.Shared(store) : FleetStorage.Memory);
            setup.Silo?.Invoke(silo);
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(config);
            if (time is not null)
            {
                host.Services.AddSingleton<TimeProvider>(time);
                host.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);
                host.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, (_, _) => time);
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new AllocatorCluster(region, emulator, cluster, time, $"{account}/us-east-1") { ClusterName = setup.ClusterName };
    }

    /// <summary>
    /// Launches instances the way any EC2 client would: one RunInstances per subnet (MinCount = MaxCount), split
    /// across the two AZs unless a subnet is named. Ids come back in launch order.
    /// </summary>
    public IReadOnlyList<string> Launch(int count, string instanceType = "m5.large", string? subnetId = null)
    {
        var launched = new List<string>();
        var groups = subnetId is not null
            ? [(subnetId, count)]
            : new[] { ("subnet-0a000000000000001", (count + 1) / 2), ("subnet-0b000000000000001", count / 2) };
        foreach (var (subnet, n) in groups.Where(g => g.Item2 > 0))
        {
            var result = Region.RunInstances(new RunInstancesRequest { InstanceType = instanceType, SubnetId = subnet, MinCount = n, MaxCount = n });
            Assert.True(result.IsSuccess, $"RunInstances failed: {result.Error}");
            launched.AddRange(result.Value!.Reservation.Instances.Select(x => x.InstanceId));
        }

        return launched;
    }

    public INodeGrain Node(string instanceId) => Client.GetGrain<INodeGrain>(instanceId);

    /// <summary>The cluster name tagged on the ENIs Fleet creates.</summary>
    public string ClusterName { get; private init; } = "test";

    /// <summary>This cluster's janitor.</summary>
    public IJanitorGrain Janitor => Client.GetGrain<IJanitorGrain>(ClusterName);

    /// <summary>Waits until every node holds its target (or is blocked), using the grains' own views.</summary>
    public async Task<NodeAllocation[]> WaitForAllAsync(IEnumerable<string> instanceIds, Func<NodeAllocation, bool>? settled = null, TimeSpan? timeout = null)
    {
        var ids = instanceIds.ToArray();
        settled ??= a => a.Status is NodeStatus.Ready;
        var seen = await Eventually.Until(
            async () => new Seen(await Task.WhenAll(ids.Select(id => Node(id).GetAllocation()))),
            seen => seen.All.All(settled),
            $"all {ids.Length} nodes settled",
            timeout ?? TimeSpan.FromSeconds(120));
        return seen.All;
    }

    /// <summary>The nodes as last seen: a timeout names each unsettled node's status, detail and figures.</summary>
    private sealed record Seen(NodeAllocation[] All)
    {
        public override string ToString() => string.Join("; ", All.Select(a =>
            $"{a.InstanceId} {a.Status} '{a.Detail}' available {a.Available} used {a.Used} pending {a.Pending} needed {a.Needed}"));
    }

    /// <summary>The emulator's trail of calls that concern the given instances or their ENIs.</summary>
    public IReadOnlyList<TrailEntry> TrailFor(IReadOnlyCollection<string> instanceIds)
    {
        var snapshot = Region.Snapshot();
        var enis = snapshot.NetworkInterfaces
            .Where(n => n.Attachment is { } a && instanceIds.Contains(a.InstanceId)
                || n.Tags.Any(t => t.Key == Core.Model.FleetTags.Node && instanceIds.Contains(t.Value)))
            .Select(n => n.NetworkInterfaceId)
            .ToHashSet(StringComparer.Ordinal);
        return [.. Region.Trail().Where(t =>
            t.InstanceId is { } i && instanceIds.Contains(i)
            || t.NetworkInterfaceId is { } n && enis.Contains(n))];
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
