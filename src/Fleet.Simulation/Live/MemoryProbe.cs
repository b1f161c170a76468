using Fleet.Simulation.Reports;

namespace Fleet.Simulation.Live;

/// <summary>
/// Measures Fleet's memory per node at the end of a settled live run (see <see cref="MemoryFigures"/>): the managed
/// heap after a full blocking, compacting GC with every node grain active, and again after Orleans deactivated every
/// idle activation; the difference over the node activations collected. The emulator, the agents and the recorder
/// are the same in both measurements, so they cancel out.
/// </summary>
internal static class MemoryProbe
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private const int MaxPolls = 50;

    /// <summary>Measures; the node grains are deactivated afterwards (the run is over).</summary>
    public static async Task<MemoryFigures> MeasureAsync(LiveCluster cluster, int nodes)
    {
        // Warm-up: the same management calls once before measuring, so their own caches are in both heaps.
        await cluster.CollectIdleActivationsAsync(TimeSpan.FromDays(1));
        var before = (await cluster.ActivationsAsync("NodeGrain")).Count;
        var withNodes = Heap();
        await cluster.CollectIdleActivationsAsync(TimeSpan.Zero);
        var remaining = before;
        for (var i = 0; i < MaxPolls && remaining > 0; i++)
        {
            await ScenarioClock.DelayAsync(Poll, CancellationToken.None);
            remaining = (await cluster.ActivationsAsync("NodeGrain")).Count;
        }

        var withoutNodes = Heap();
        var collected = before - remaining;
        return new MemoryFigures(
            collected > 0 ? Math.Round((double)(withNodes - withoutNodes) / collected) : null,
            withNodes,
            withoutNodes,
            before,
            collected,
            nodes == 0 ? 0 : Math.Round((double)cluster.Store.Bytes / nodes));
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
