using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>
/// One page of the fleet index: the nodes whose instance id sorts after <see cref="After"/> that pass every filter given,
/// at most <see cref="Limit"/> of them, in instance-id order. Paging by key keeps a listing stable under inserts: a node
/// that joins behind the cursor shows up on a later page, one that joins before it is simply not repeated.
/// </summary>
/// <param name="Limit">Most lines to answer (1–<see cref="MaxLimit"/>).</param>
/// <param name="After">The last instance id of the previous page; null for the first page.</param>
/// <param name="Statuses">Only nodes in one of these states; empty for any.</param>
/// <param name="NodeGroups">Only nodes of one of these groups (<see cref="NodeGroup.Of"/>); empty for any.</param>
/// <param name="InstanceTypes">Only nodes of one of these instance types; empty for any.</param>
/// <param name="Clusters">Only nodes of one of these clusters; empty for any.</param>
[GenerateSerializer, Immutable, Alias("fleet.NodeQuery")]
public sealed record NodeQuery(
    [property: Id(0)] int Limit,
    [property: Id(1)] string? After = null,
    [property: Id(2)] ImmutableArray<NodeStatus> Statuses = default,
    [property: Id(3)] ImmutableArray<string> NodeGroups = default,
    [property: Id(4)] ImmutableArray<string> InstanceTypes = default,
    [property: Id(5)] ImmutableArray<string> Clusters = default)
{
    /// <summary>The largest page the index answers.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Whether <paramref name="node"/> passes every filter of this query (the cursor aside).</summary>
    public bool Matches(NodeSummary node) =>
        (Statuses.IsDefaultOrEmpty || Statuses.Contains(node.Status))
        && (NodeGroups.IsDefaultOrEmpty || (NodeGroup.Of(node) is { } group && NodeGroups.Contains(group, StringComparer.Ordinal)))
        && (InstanceTypes.IsDefaultOrEmpty || (node.InstanceType is { } type && InstanceTypes.Contains(type, StringComparer.Ordinal)))
        && (Clusters.IsDefaultOrEmpty || (node.Cluster is { } cluster && Clusters.Contains(cluster, StringComparer.Ordinal)));
}

/// <summary>A page of node lines, and where the next page starts.</summary>
/// <param name="Nodes">The lines, by instance id.</param>
/// <param name="Next">
/// The <see cref="NodeQuery.After"/> of the next page when more lines may match; null when this page is the last.
/// </param>
[GenerateSerializer, Immutable, Alias("fleet.NodePage")]
public sealed record NodePage(
    [property: Id(0)] ImmutableArray<NodeSummary> Nodes,
    [property: Id(1)] string? Next);

/// <summary>
/// The lines that changed in the index since a point of its change feed, oldest change first (the fleet page's
/// incremental update). <see cref="Sequence"/> numbers the index's changes within one <see cref="Epoch"/> (one
/// activation of the index grain); a caller from another epoch is told <see cref="Reset"/> and given every line again.
/// </summary>
/// <param name="Epoch">The index activation the sequence belongs to.</param>
/// <param name="Sequence">The last change included: ask again from here.</param>
/// <param name="Reset">Whether the caller must drop what it holds (another epoch, or no cursor): the lines start from scratch.</param>
/// <param name="More">Whether further changes wait beyond this batch (ask again at once).</param>
/// <param name="Nodes">The changed lines, oldest change first.</param>
[GenerateSerializer, Immutable, Alias("fleet.NodeChanges")]
public sealed record NodeChanges(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long Sequence,
    [property: Id(2)] bool Reset,
    [property: Id(3)] bool More,
    [property: Id(4)] ImmutableArray<NodeSummary> Nodes)
{
    /// <summary>The largest batch the index answers.</summary>
    public const int MaxLimit = 5000;
}
