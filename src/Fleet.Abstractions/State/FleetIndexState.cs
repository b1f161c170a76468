namespace Fleet.Abstractions.State;

/// <summary>The fleet index's persisted lines, so listings survive the index grain moving to another silo.</summary>
[GenerateSerializer, Alias("fleet.FleetIndexState")]
public sealed class FleetIndexState
{
    [Id(0)] public Dictionary<string, Messages.NodeSummary> Nodes { get; set; } = new(StringComparer.Ordinal);
}
