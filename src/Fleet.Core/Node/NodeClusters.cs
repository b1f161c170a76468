using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// Which Kubernetes cluster a node belongs to, and who may act on it. A node's cluster is its spec's, else the default
/// (<see cref="AllocatorOptions.ClusterName"/>, <c>Fleet:Cluster:Name</c>). A caller acting for a cluster (a cluster's
/// credential) may report for, set the spec of and read only its own cluster's nodes; a node no one has claimed yet — no
/// report accepted, no cluster in its spec — is claimed by the first such caller whose report or spec it accepts, so the
/// agents of a second cluster can start reporting for their nodes without an operator. A caller acting for no cluster
/// (the single token, or no token on loopback) may do anything, including moving a node to another cluster by naming it.
/// </summary>
public static class NodeClusters
{
    /// <summary>The cluster <paramref name="memory"/>'s node belongs to.</summary>
    public static string Of(NodeMemory memory, AllocatorOptions options) => memory.Spec.Cluster ?? options.ClusterName;

    /// <summary>Whether the node's cluster is settled: its spec names one, or a report was accepted for it.</summary>
    public static bool Claimed(NodeMemory memory) => memory.Spec.Cluster is not null || memory.Demand is not null;

    /// <summary>
    /// The cluster that keeps <paramref name="caller"/> from acting on the node, or null when it may act: the node's own
    /// cluster when it is another's, or the one <paramref name="spec"/> names when the caller may not put nodes there.
    /// </summary>
    public static string? Refusing(NodeMemory memory, string? caller, AllocatorOptions options, NodeSpec? spec = null)
    {
        if (caller is null)
        {
            return null;
        }

        if (Claimed(memory) && Of(memory, options) is var own && !string.Equals(own, caller, StringComparison.Ordinal))
        {
            return own;
        }

        return spec?.Cluster is { } named && !string.Equals(named, caller, StringComparison.Ordinal) ? named : null;
    }

    /// <summary>
    /// The spec to store: one that names no cluster keeps the node's (a spec never moves a node by omission), or takes the
    /// caller's when the node has none yet.
    /// </summary>
    public static NodeSpec Settle(NodeSpec spec, NodeMemory memory, string? caller) =>
        spec.Cluster is not null ? spec : spec with { Cluster = memory.Spec.Cluster ?? caller };

    /// <summary>An accepted report from a caller acting for a cluster claims a node whose spec names none.</summary>
    internal static void ClaimOnReport(Turn t, string? caller)
    {
        if (caller is not null && t.M.Spec.Cluster is null)
        {
            t.M = t.M with { Spec = t.M.Spec with { Cluster = caller } };
        }
    }
}
