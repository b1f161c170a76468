namespace Fleet.Abstractions.Grains;

/// <summary>
/// Measures the managed heap of the silo it runs on (a stateless worker: the silo that receives the call — with one
/// silo, that silo), for <c>fleet load --memory</c>. Each call first runs a full, blocking, compacting collection of
/// every generation (the large-object heap included), so what is left is live data; it is an operator's tool, as
/// Orleans' own ForceGarbageCollection is, and pauses the silo while it runs.
/// </summary>
[Alias("fleet.IHeapProbeGrain")]
public interface IHeapProbeGrain : IGrainWithIntegerKey
{
    /// <summary>Collects, then answers the heap.</summary>
    [Alias("Measure")]
    Task<HeapFigures> Measure();
}

/// <summary>A silo's managed heap after a full compacting collection.</summary>
/// <param name="Silo">The silo measured.</param>
/// <param name="LiveBytes">Bytes of live objects (<c>GC.GetTotalMemory</c> after the collection).</param>
/// <param name="HeapSizeBytes">The heap's size, fragmentation included.</param>
/// <param name="FragmentedBytes">Free space inside the heap.</param>
[GenerateSerializer, Immutable, Alias("fleet.HeapFigures")]
public sealed record HeapFigures(
    [property: Id(0)] string Silo,
    [property: Id(1)] long LiveBytes,
    [property: Id(2)] long HeapSizeBytes,
    [property: Id(3)] long FragmentedBytes);
