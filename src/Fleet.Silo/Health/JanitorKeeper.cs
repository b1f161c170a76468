using Fleet.Core.Node;
using Fleet.Abstractions.Grains;
using Fleet.Grains.Hosting;
using Fleet.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Health;

/// <summary>
/// Keeps the janitor grain (key: the cluster name) running: <c>Ensure()</c> at start and then every
/// <see cref="Period"/>. Ensure is idempotent; calling it again re-arms the janitor after the silo that hosted it died.
/// </summary>
internal sealed partial class JanitorKeeper(
    IGrainFactory grains, IOptions<AllocatorOptions> allocator, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<JanitorKeeper> logger)
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
            try
            {
                await grains.GetGrain<IJanitorGrain>(allocator.Value.ClusterName).Ensure();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.EnsureFailed(logger, allocator.Value.ClusterName, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
