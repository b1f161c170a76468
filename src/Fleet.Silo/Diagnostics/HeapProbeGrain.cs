using System.Runtime;
using Fleet.Abstractions.Grains;
using Orleans.Concurrency;

namespace Fleet.Silo.Diagnostics;

/// <summary>
/// <see cref="IHeapProbeGrain"/>: an aggressive collection (blocking, compacting every generation, the large-object heap
/// included), then the live bytes. A plain <c>GC.Collect()</c> may sweep without compacting, leaving freed objects as
/// fragmentation that a heap-size figure still counts; compacting first makes "before" and "after" comparable.
/// </summary>
[StatelessWorker(1)]
internal sealed class HeapProbeGrain(ILocalSiloDetails silo) : Grain, IHeapProbeGrain
{
    public Task<HeapFigures> Measure()
    {
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var info = GC.GetGCMemoryInfo();
        return Task.FromResult(new HeapFigures(silo.SiloAddress.ToString(), GC.GetTotalMemory(forceFullCollection: false), info.HeapSizeBytes, info.FragmentedBytes));
    }
}
