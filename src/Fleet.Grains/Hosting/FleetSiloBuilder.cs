using Fleet.Core.Node;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Grains.Hosting;

/// <summary>
/// The one way to make an Orleans silo a Fleet silo, used by the silo host, the live engine, the soak and the test
/// clusters, so what is tested and benchmarked is what ships: membership timings for fast failover, the grain storage
/// the allocator's grains use, and the allocator (its options from <c>Fleet:Ec2</c>, <c>Fleet:Allocator</c>,
/// <c>Fleet:Throttle</c>). Clustering and endpoints stay the host's: they depend on where it runs.
/// </summary>
public static class FleetSiloBuilder
{
    /// <summary>Configures <paramref name="silo"/> as a Fleet silo.</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="configuration">Where the allocator's sections are read.</param>
    /// <param name="storage">The grain storage named <see cref="StorageName"/>.</param>
    /// <param name="membership">Membership timings; <see cref="MembershipTimings.FastFailover"/> by default.</param>
    public static ISiloBuilder AddFleet(this ISiloBuilder silo, IConfiguration configuration, FleetStorage storage, MembershipTimings? membership = null)
    {
        var timings = membership ?? MembershipTimings.FastFailover;
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = timings.ProbeTimeout;
            o.NumMissedProbesLimit = timings.NumMissedProbesLimit;
            o.NumVotesForDeathDeclaration = timings.NumVotesForDeathDeclaration;
            o.IAmAliveTablePublishTimeout = timings.IAmAliveTablePublishTimeout;
        });
        storage.AddTo(silo);
        silo.Services.AddFleetAllocator(configuration);
        return silo;
    }

    /// <summary>The grain storage provider name the allocator's grains use.</summary>
    public const string StorageName = "fleet";

    /// <summary>
    /// The allocator's settings for a run whose time is compressed by <paramref name="compression"/> (EC2 time per wall
    /// second): Fleet's throttle refills that much faster (<c>Fleet:Throttle:TimeScale</c>) and every
    /// <see cref="TimeSpan"/> knob of <see cref="AllocatorOptions"/> (and of its <c>Prior</c>) is its default divided by it, so a 5 s tick of EC2
    /// time stays one. The emulator compresses its side with the same factor.
    /// </summary>
    public static Dictionary<string, string?> Compressed(double compression)
    {
        var config = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Fleet:Throttle:TimeScale"] = compression.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var knob in typeof(AllocatorOptions).GetProperties().Where(p => p.PropertyType == typeof(TimeSpan) && p.CanWrite))
        {
            var compressed = (TimeSpan)knob.GetValue(AllocatorOptions.Default)! / compression;
            config[$"{AllocatorOptions.Section}:{knob.Name}"] = compressed.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var knob in typeof(Core.Priors.PriorOptions).GetProperties().Where(p => p.PropertyType == typeof(TimeSpan) && p.CanWrite))
        {
            var compressed = (TimeSpan)knob.GetValue(AllocatorOptions.Default.Prior)! / compression;
            config[$"{Core.Priors.PriorOptions.Section}:{knob.Name}"] = compressed.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        return config;
    }
}

/// <summary>
/// How fast a cluster declares a silo dead. Orleans' defaults take 11–14 s after a <c>kill -9</c>; Fleet's favour fast
/// failover (about a second): a node whose grain lived there is served again sooner.
/// </summary>
/// <param name="ProbeTimeout">Probe timeout. Fleet: 1 s.</param>
/// <param name="NumMissedProbesLimit">Missed probes before a suspicion. Fleet: 2.</param>
/// <param name="NumVotesForDeathDeclaration">Suspicions needed. Fleet: 1.</param>
/// <param name="IAmAliveTablePublishTimeout">How often a silo writes that it is alive. Fleet: 5 s.</param>
public sealed record MembershipTimings(TimeSpan ProbeTimeout, int NumMissedProbesLimit, int NumVotesForDeathDeclaration, TimeSpan IAmAliveTablePublishTimeout)
{
    /// <summary>Fleet's defaults.</summary>
    public static MembershipTimings FastFailover { get; } = new(TimeSpan.FromSeconds(1), 2, 1, TimeSpan.FromSeconds(5));
}

/// <summary>Where the allocator's grains keep their state.</summary>
public abstract class FleetStorage
{
    /// <summary>In the silo's memory, with Orleans' own serializer (the default Newtonsoft one cannot read the node state back).</summary>
    public static FleetStorage Memory { get; } = new MemoryStorage();

    /// <summary>A store the silos of one process share (the live engine, test clusters): standing in for Redis.</summary>
    public static FleetStorage Shared(SharedGrainStore store) => new SharedStorage(store);

    /// <summary>Storage the host configures itself (Redis in the silo host).</summary>
    public static FleetStorage Custom(Action<ISiloBuilder> add) => new CustomStorage(add);

    internal abstract void AddTo(ISiloBuilder silo);

    private sealed class MemoryStorage : FleetStorage
    {
        internal override void AddTo(ISiloBuilder silo) =>
            silo.AddMemoryGrainStorage(FleetSiloBuilder.StorageName, o => o.Configure<Serializer>((m, serializer) =>
                m.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
    }

    private sealed class SharedStorage(SharedGrainStore store) : FleetStorage
    {
        internal override void AddTo(ISiloBuilder silo) =>
            silo.Services.AddKeyedSingleton<IGrainStorage>(FleetSiloBuilder.StorageName, (sp, _) => store.For(sp.GetRequiredService<Serializer>()));
    }

    private sealed class CustomStorage(Action<ISiloBuilder> add) : FleetStorage
    {
        internal override void AddTo(ISiloBuilder silo) => add(silo);
    }
}
