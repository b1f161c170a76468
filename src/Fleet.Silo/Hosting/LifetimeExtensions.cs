using Microsoft.Extensions.Hosting;

namespace Fleet.Silo.Hosting;

/// <summary>Lets background services wait until the host (and so the silo) has started.</summary>
internal static class LifetimeExtensions
{
    /// <summary>Completes with true once the application has started, false if <paramref name="stoppingToken"/> fires first.</summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStart = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStop = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
