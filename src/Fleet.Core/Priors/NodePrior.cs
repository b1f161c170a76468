using Fleet.Core.Model;

namespace Fleet.Core.Priors;

/// <summary>Where a node's prior comes from.</summary>
public enum PriorSource
{
    /// <summary>No prior applies.</summary>
    None = 0,

    /// <summary>The node's max-pods.</summary>
    MaxPods = 1,

    /// <summary>Its group's quantile peak (capped by its max-pods).</summary>
    Group = 2,
}

/// <summary>The demand a young node's calls are sized for, and where it came from.</summary>
/// <param name="Pods">Pods expected at the node's peak (0 when no prior applies).</param>
/// <param name="Source">Where from.</param>
public readonly record struct PriorReach(int Pods, PriorSource Source)
{
    /// <summary>No prior.</summary>
    public static PriorReach None => default;
}

/// <summary>
/// Which prior applies to a node whose own demand has not yet shown its peak. Pure. With
/// <see cref="PriorMode.Group"/>, the group's quantile peak when the group has history (capped by max-pods: a node never
/// runs more pods than its kubelet admits), else the max-pods; with <see cref="PriorMode.MaxPods"/>, the max-pods;
/// nothing where neither is known.
/// </summary>
public static class NodePrior
{
    /// <summary>The prior for a node with <paramref name="spec"/>, given its group's quantile peak (null: no history yet).</summary>
    public static PriorReach For(NodeSpec spec, PriorOptions options, int? groupPeak)
    {
        int? maxPods = spec.MaxPods > 0 ? spec.MaxPods : null;
        if (options.Mode == PriorMode.Group && groupPeak is { } peak and > 0)
        {
            return new PriorReach(maxPods is { } cap ? Math.Min(peak, cap) : peak, PriorSource.Group);
        }

        return options.Mode != PriorMode.None && maxPods is { } pods ? new PriorReach(pods, PriorSource.MaxPods) : PriorReach.None;
    }

    /// <summary>The history key of a node's group: <c>{cluster}/{group}</c> (the group is the instance type unless the spec names one).</summary>
    public static string GroupKey(NodeSpec spec, string instanceType, string clusterName) =>
        $"{(string.IsNullOrEmpty(spec.Cluster) ? clusterName : spec.Cluster)}/{spec.GroupFor(instanceType)}";
}
