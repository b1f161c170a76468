using System.Text.RegularExpressions;

namespace Fleet.Abstractions.Messages;

/// <summary>
/// Why a node cannot be shown, worded once for every view: the HTTP API answers it as an RFC 7807 problem, the
/// <c>fleet</c> CLI prints the same type, title and detail.
/// </summary>
/// <param name="Status">The HTTP status the API answers with.</param>
/// <param name="Type">The stable problem type (<c>https://fleet.dev/problems/{name}</c>).</param>
/// <param name="Title">A short, fixed summary.</param>
/// <param name="Detail">What is wrong with this id, and what to do.</param>
public sealed partial record NodeLookupProblem(int Status, string Type, string Title, string Detail)
{
    /// <summary>The prefix of every problem type.</summary>
    public const string TypeBase = "https://fleet.dev/problems/";

    /// <summary>Whether <paramref name="instanceId"/> is an EC2 instance id: <c>i-</c> and 8 (older) or 17 lowercase hex digits.</summary>
    public static bool IsInstanceId(string? instanceId) => instanceId is not null && InstanceIdPattern().IsMatch(instanceId);

    /// <summary>400 <c>invalid-instance-id</c>.</summary>
    public static NodeLookupProblem InvalidInstanceId(string instanceId) => new(400, TypeBase + "invalid-instance-id", "The instance id is malformed.",
        $"'{(instanceId.Length > 40 ? instanceId[..40] + "…" : instanceId)}' is not an EC2 instance id (i- and 8 or 17 lowercase hex digits).");

    /// <summary>404 <c>node-not-found</c>: no demand was ever reported for the node.</summary>
    public static NodeLookupProblem NodeNotFound(string instanceId) => new(404, TypeBase + "node-not-found", "No demand was ever reported for this node.",
        $"{instanceId} has not reported demand; PUT /api/v1/nodes/{instanceId}/demand first.");

    /// <summary>403 <c>other-cluster</c>: the node belongs to another cluster than the caller's credential is for.</summary>
    public static NodeLookupProblem OtherCluster(string instanceId, string caller) => new(403, TypeBase + "other-cluster",
        "The node belongs to another cluster.", $"{instanceId} is not a node of cluster {caller}, the cluster this credential is for; nothing was changed.");

    /// <summary>
    /// The problem with showing <paramref name="instanceId"/> given its <paramref name="view"/> (null: not read yet) to a
    /// caller acting for <paramref name="caller"/> (null: for no cluster); null when there is none.
    /// </summary>
    public static NodeLookupProblem? Of(string instanceId, NodeView? view, string? caller = null) =>
        !IsInstanceId(instanceId) ? InvalidInstanceId(instanceId)
        : view is { Allocation.Status: NodeStatus.Unknown } ? NodeNotFound(instanceId)
        : caller is not null && view is not null && !string.Equals(view.Cluster, caller, StringComparison.Ordinal) ? OtherCluster(instanceId, caller)
        : null;

    [GeneratedRegex("^i-[0-9a-f]{8}([0-9a-f]{9})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();
}
