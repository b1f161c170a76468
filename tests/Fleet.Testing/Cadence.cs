namespace Fleet.Testing;

/// <summary>
/// The rhythm of a workload a test drives: agents reporting, a neighbour spending tokens, a watcher sampling EC2.
/// A tick runs now and then at every period of <paramref name="time"/> until <c>stop</c>; it is the workload's own clock,
/// not a wait for something to happen (tests wait for outcomes with <see cref="Eventually"/> or on events).
/// </summary>
public static class Cadence
{
    /// <summary>Runs <paramref name="tick"/> at once and then every <paramref name="period"/>, until <paramref name="stop"/>.</summary>
    public static async Task EveryAsync(TimeSpan period, Func<Task> tick, CancellationToken stop, TimeProvider? time = null)
    {
        using var timer = new PeriodicTimer(period, time ?? TimeProvider.System);
        do
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }

            await tick();
        }
        while (await NextAsync(timer, stop));
    }

    /// <summary>Runs <paramref name="tick"/> every <paramref name="period"/> (first after one period), until <paramref name="stop"/>.</summary>
    public static async Task AfterEachAsync(TimeSpan period, Func<Task> tick, CancellationToken stop, TimeProvider? time = null)
    {
        using var timer = new PeriodicTimer(period, time ?? TimeProvider.System);
        while (await NextAsync(timer, stop))
        {
            await tick();
        }
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
