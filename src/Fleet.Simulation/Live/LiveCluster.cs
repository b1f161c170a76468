using Fleet.Grains.Hosting;
using Fleet.Abstractions.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Fleet.Simulation.Live;

/// <summary>
/// The silos of a live run and one Orleans client connected to all their gateways, through which the scenario's
/// agents report demand and receive allocation changes (as agents do through Fleet's API). When a silo dies the
/// client keeps going through the others.
/// </summary>
internal sealed class LiveCluster : IAsyncDisposable
{
    private readonly IHost _client;

    private LiveCluster(IReadOnlyList<LiveSilo> silos, IHost client, SharedGrainStore store)
    {
        Silos = silos;
        _client = client;
        Store = store;
        Client = client.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The silos, silo 0 first.</summary>
    public IReadOnlyList<LiveSilo> Silos { get; }

    /// <summary>The client.</summary>
    public IClusterClient Client { get; }

    /// <summary>The grain storage the silos share.</summary>
    public SharedGrainStore Store { get; }

    /// <summary>Starts <paramref name="count"/> silos one after another, then the client.</summary>
    public static async Task<LiveCluster> StartAsync(int count, IReadOnlyDictionary<string, string?> config, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var clusterId = $"fleet-bench-{Guid.NewGuid():N}";
        var store = new SharedGrainStore();
        var silos = new List<LiveSilo>(count);
        for (var i = 0; i < count; i++)
        {
            silos.Add(await LiveSilo.StartAsync(i, i == 0 ? null : silos[0].SiloEndpoint, clusterId, config, store, loggers, cancellationToken));
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "fleet-bench-agents" });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client.UseLocalhostClustering([.. silos.Select(s => s.GatewayPort)], serviceId: "fleet-bench", clusterId: clusterId));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new LiveCluster(silos, host, store);
    }

    /// <summary>A node's grain.</summary>
    public INodeGrain Node(string instanceId) => Client.GetGrain<INodeGrain>(instanceId);

    /// <summary>Which silo hosts each activation of a grain class (by the class's simple name, e.g. <c>NodeGrain</c>).</summary>
    public async Task<IReadOnlyList<(string Key, SiloAddress Silo)>> ActivationsAsync(string grainClass)
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        var live = Silos.Where(s => !s.Killed).Select(s => s.Address).ToArray();
        var stats = await management.GetDetailedGrainStatistics(null, live);
        return [.. stats
            .Where(s => IsClass(s.GrainType, grainClass))
            .Select(s => (s.GrainId.Key.ToString()!, s.SiloAddress))];
    }

    /// <summary>Whether a statistic's grain type (a type name, possibly assembly-qualified) names the class.</summary>
    private static bool IsClass(string grainType, string grainClass)
    {
        var name = grainType.Split(',')[0].Trim();
        return name == grainClass || name.EndsWith("." + grainClass, StringComparison.Ordinal);
    }

    /// <summary>Deactivates every activation in the cluster idle for at least <paramref name="idle"/> (for the memory probe).</summary>
    public Task CollectIdleActivationsAsync(TimeSpan idle) => Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(idle);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await _client.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }

        _client.Dispose();
        foreach (var silo in Silos.Reverse())
        {
            await silo.StopAsync();
        }
    }
}
