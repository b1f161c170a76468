using Fleet.Abstractions.Grains;
using Orleans.Runtime;

namespace Fleet.Cli.Load;

/// <summary>
/// Measures, from outside, the managed memory one active node grain costs in a silo: the live bytes after a full
/// compacting collection (<see cref="IHeapProbeGrain"/>; Orleans' own ForceGarbageCollection may sweep without
/// compacting, and its memory figure counts the freed space as fragmentation), with every node grain active and again
/// after Orleans deactivated the idle ones (its management grain); the difference over the node activations collected. What stays is measured too: persisted state in
/// in-memory storage, the fleet index's lines, an embedded emulator's instances — the whole heap per node bounds how
/// many nodes a silo holds.
/// </summary>
internal static class SiloMemory
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private const int MaxPolls = 120;

    public static async Task<MemoryResult> MeasureAsync(IClusterClient cluster, int nodes, TimeProvider time, Action<string>? progress)
    {
        var management = cluster.GetGrain<IManagementGrain>(0);
        var silos = (await management.GetHosts(onlyActive: true)).Keys.ToArray();
        if (silos.Length != 1)
        {
            throw new InvalidOperationException($"the memory probe measures one silo; this cluster has {silos.Length}");
        }

        await HeapAsync(cluster); // warm-up: the same calls once, so their own allocations are in both heaps
        var active = await NodeActivationsAsync(management, silos);
        var withNodes = await HeapAsync(cluster);
        progress?.Invoke($"{active} node grains active, managed heap {withNodes / 1048576.0:0.0} MiB; deactivating idle grains");
        var remaining = active;
        for (var i = 0; i < MaxPolls && remaining > 0; i++)
        {
            // Again on every poll: Orleans skips an activation busy at that moment (a node finishing its last call)
            // and does not come back for it.
            await management.ForceActivationCollection(silos, TimeSpan.Zero);
            await Task.Delay(Poll, time);
            remaining = await NodeActivationsAsync(management, silos);
        }

        var withoutNodes = await HeapAsync(cluster);
        var collected = active - remaining;
        return new MemoryResult(
            silos.Length,
            nodes,
            active,
            collected,
            withNodes,
            withoutNodes,
            collected > 0 ? Math.Round((double)(withNodes - withoutNodes) / collected) : null,
            nodes > 0 ? Math.Round((double)withNodes / nodes) : null,
            LoadAverage.Read());
    }

    private static async Task<int> NodeActivationsAsync(IManagementGrain management, SiloAddress[] silos) =>
        (await management.GetSimpleGrainStatistics(silos))
            .Where(s => s.GrainType.Split(',')[0].EndsWith(".NodeGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);

    private static async Task<long> HeapAsync(IGrainFactory grains) => (await grains.GetGrain<IHeapProbeGrain>(0).Measure()).LiveBytes;
}

/// <summary>What <c>fleet load --memory</c> measured (its <c>--json</c> form).</summary>
/// <param name="Silos">Silos in the cluster (the probe measures one).</param>
/// <param name="Nodes">Nodes reported for before measuring.</param>
/// <param name="NodeGrainsActive">Node grain activations when measured.</param>
/// <param name="NodeGrainsCollected">Of those, deactivated for the second measurement.</param>
/// <param name="HeapWithNodesBytes">Managed heap (after full GCs) with the node grains active.</param>
/// <param name="HeapWithoutNodeGrainsBytes">The same after they were deactivated.</param>
/// <param name="BytesPerNodeGrain">The difference per node grain collected: what one active node grain costs.</param>
/// <param name="HeapPerNodeBytes">The whole heap over the nodes: everything a node costs the silo, its baseline spread in.</param>
/// <param name="LoadAverage">The machine's load averages at the end.</param>
internal sealed record MemoryResult(
    int Silos,
    int Nodes,
    int NodeGrainsActive,
    int NodeGrainsCollected,
    long HeapWithNodesBytes,
    long HeapWithoutNodeGrainsBytes,
    double? BytesPerNodeGrain,
    double? HeapPerNodeBytes,
    double[]? LoadAverage);
