namespace Fleet.Abstractions.Messages;

/// <summary>
/// A node's group, for summaries and filters. The node spec has no group yet: until it does, a node's group is its
/// instance type (the documented default of the spec's <c>nodeGroup</c>), and this is the one place that says so.
/// When <see cref="NodeSummary"/> carries the spec's group, <see cref="Of"/> returns it instead.
/// </summary>
public static class NodeGroup
{
    /// <summary>The group of the node <paramref name="summary"/> describes; null while its instance type is unknown.</summary>
    public static string? Of(NodeSummary summary) => summary.InstanceType;
}
