namespace Fleet.Grains.Groups;

/// <summary>
/// What a node group grain persists: its <see cref="Core.Priors.PeakHistory"/> as forward-decay bins (each peak value and
/// its weight relative to <see cref="Landmark"/>), so the history carries on when the grain moves or the cluster restarts.
/// </summary>
[GenerateSerializer, Alias("fleet.NodeGroupState")]
public sealed class NodeGroupState
{
    /// <summary>The time the weights are relative to; null until the first peak.</summary>
    [Id(0)] public DateTimeOffset? Landmark { get; set; }

    /// <summary>The peak values, ascending.</summary>
    [Id(1)] public List<int> Pods { get; set; } = [];

    /// <summary>Each value's forward-decay weight, in the same order.</summary>
    [Id(2)] public List<double> Weights { get; set; } = [];

    /// <summary>Peaks recorded since the group's history began (replacements included).</summary>
    [Id(3)] public long Recorded { get; set; }

    /// <summary>When the last peak was recorded.</summary>
    [Id(4)] public DateTimeOffset? UpdatedAt { get; set; }
}
