namespace Fleet.Grains.Groups;

/// <summary>
/// A node group's history of its nodes' peak demand (key <c>{cluster}/{group}</c>, see
/// <see cref="Core.Priors.NodePrior.GroupKey"/>): the node grains record their peaks and read the quantile a new node of
/// the group is sized for. Silo side only.
/// </summary>
[Alias("fleet.INodeGroupGrain")]
public interface INodeGroupGrain : IGrainWithStringKey
{
    /// <summary>
    /// The group's quantile peak (<c>Fleet:Allocator:Prior:Quantile</c>) now, or null while the group holds fewer than
    /// <c>MinNodes</c> nodes' worth of history.
    /// </summary>
    [AlwaysInterleave, Alias("GetPeak")]
    Task<int?> GetPeak();

    /// <summary>Records a node's peak, taking out the node's earlier one when it names it; persisted before it returns.</summary>
    [Alias("Record")]
    Task Record(GroupPeakRecord peak);

    /// <summary>The persisted state (for the Orleans Dashboard's Grain Details page).</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<NodeGroupState> GetState();
}

/// <summary>A node's peak for its group's history.</summary>
/// <param name="Pods">The peak (used + pending).</param>
/// <param name="At">When it was recorded.</param>
/// <param name="ReplacedPods">The node's earlier peak, to take out, or null.</param>
/// <param name="ReplacedAt">When that one was recorded.</param>
[GenerateSerializer, Immutable, Alias("fleet.GroupPeakRecord")]
public sealed record GroupPeakRecord(
    [property: Id(0)] int Pods,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int? ReplacedPods,
    [property: Id(3)] DateTimeOffset? ReplacedAt);
