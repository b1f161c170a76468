namespace Fleet.Core.Priors;

/// <summary>How far a new node's first calls reach before its own demand shows it (<c>Fleet:Allocator:Prior:Mode</c>).</summary>
public enum PriorMode
{
    /// <summary>No prior: a node's calls are sized from its own demand and trend alone.</summary>
    None = 0,

    /// <summary>The kubelet's max-pods, where the spec sets it.</summary>
    MaxPods = 1,

    /// <summary>
    /// The node group's quantile peak once the group has history, capped by max-pods; the max-pods where the group has
    /// none yet. The default.
    /// </summary>
    Group = 2,
}
