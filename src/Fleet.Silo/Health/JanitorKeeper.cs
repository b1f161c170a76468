using Fleet.Core.Node;
using Fleet.Core.Throttling;
using Fleet.Abstractions.Grains;
using Fleet.Grains.Hosting;
using Fleet.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Health;

/// <summary>
/// Keeps a janitor grain (key: the cluster name) running for every cluster this Fleet serves — the default
/// (<c>Fleet:Cluster:Name</c>), those given weights or tokens, and any the fleet index lists nodes of — : <c>Ensure()</c>
/// at start and then every <see cref="Period"/>. Ensure is idempotent; calling it again re-arms a janitor after the silo
/// that hosted it died. Each janitor touches only its own cluster's ENIs.
/// </summary>
internal sealed partial class JanitorKeeper(
    IGrainFactory grains, IOptions<AllocatorOptions> allocator, ThrottleOptions throttle, SiloSettings settings, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<JanitorKeeper> logger)
    : BackgroundService
{
    /// <summary>How often the janitor is ensured: 1 minute.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        do
        {
            foreach (var cluster in await ClustersAsync())
            {
                try
                {
                    await grains.GetGrain<IJanitorGrain>(cluster).Ensure();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Log.EnsureFailed(logger, cluster, e);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<SortedSet<string>> ClustersAsync()
    {
        var clusters = new SortedSet<string>(StringComparer.Ordinal) { allocator.Value.ClusterName };
        clusters.UnionWith(throttle.ClusterWeights.Keys);
        clusters.UnionWith(settings.Http.ClusterTokens.Keys);
        try
        {
            clusters.UnionWith((await grains.GetGrain<IFleetIndexGrain>("default").Clusters()).Select(c => c.Cluster));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.EnsureFailed(logger, "(clusters of the fleet index)", e); // the configured ones are ensured all the same
        }

        return clusters;
    }
}
