using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Ec2.Port;
using Fleet.Grains.Hosting;
using Fleet.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Health;

/// <summary>
/// Once the silo runs, makes one DescribeSubnets through the EC2 port (paid for with a token from the throttle grain,
/// like every call Fleet makes) and retries with back-off until it succeeds; then <c>/readyz</c> is ready.
/// </summary>
internal sealed partial class Ec2SyncService(
    IEc2Port ec2, IGrainFactory grains, FleetClock clock, Ec2SyncState state, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<Ec2SyncService> logger) : BackgroundService
{
    private static readonly TimeSpan s_firstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var backoff = s_firstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = await TrySyncAsync(stoppingToken);
            if (wait is null)
            {
                return;
            }

            await Task.Delay(wait.Value == TimeSpan.Zero ? backoff : wait.Value, time, stoppingToken);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));
        }
    }

    /// <summary>One attempt: null when synced, else how long to wait (zero: the back-off).</summary>
    private async Task<TimeSpan?> TrySyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            var token = await grains.GetGrain<Fleet.Grains.Throttle.IThrottleGrain>(clock.ThrottleKey).TryAcquire(Fleet.Core.Throttling.Ec2Action.DescribeSubnets);
            if (!token.Granted)
            {
                return token.RetryAfter > TimeSpan.Zero ? token.RetryAfter : TimeSpan.Zero;
            }

            var result = await ec2.DescribeSubnetsAsync(new SubnetQuery(ImmutableDictionary<string, ImmutableArray<string>>.Empty, MaxResults: 5), cancellationToken);
            if (result.IsSuccess)
            {
                state.Record(time.GetUtcNow(), null);
                Log.Synced(logger, state.Attempts, result.Value.Items.Length);
                return null;
            }

            state.Record(time.GetUtcNow(), $"{result.Error.Code}: {result.Error.Message}");
            Log.Failed(logger, state.Attempts, result.Error.Code, result.Error.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            state.Record(time.GetUtcNow(), e.Message);
            Log.Failed(logger, state.Attempts, e.GetType().Name, e.Message);
        }

        return TimeSpan.Zero;
    }
}
