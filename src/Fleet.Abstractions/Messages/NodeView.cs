using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>
/// A node in detail, for operators: its allocation plus what Fleet is doing about it. <c>IntendedPods</c>: the pods a
/// provisioner's intent holds the node's demand up to, while it holds; <c>Prior</c>: what a prior sizes the node's calls
/// for while its own peak is unknown, in words (null when none).
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.NodeView")]
public sealed record NodeView(
    [property: Id(0)] NodeAllocation Allocation,
    [property: Id(1)] string? InstanceType,
    [property: Id(2)] string? AvailabilityZone,
    [property: Id(3)] NodeSpecDto Spec,
    [property: Id(4)] int Target,
    [property: Id(5)] string? PendingWork,
    [property: Id(6)] string? PendingIntent,
    [property: Id(7)] string? LastError,
    [property: Id(8)] ImmutableDictionary<string, long> Calls,
    [property: Id(9)] DateTimeOffset? UpdatedAt,
    [property: Id(10)] int? IntendedPods = null,
    [property: Id(11)] string? Prior = null)
{
    /// <summary>The cluster the node belongs to: its spec's, else the silo's <c>Fleet:Cluster:Name</c>.</summary>
    [Id(12)] public string? Cluster { get; init; }
}

/// <summary>One line per node, for listings and the fleet page.</summary>
[GenerateSerializer, Immutable, Alias("fleet.NodeSummary")]
public sealed record NodeSummary(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] NodeStatus Status,
    [property: Id(2)] string? InstanceType,
    [property: Id(3)] int Available,
    [property: Id(4)] int Used,
    [property: Id(5)] int Pending,
    [property: Id(6)] int Target,
    [property: Id(7)] int Enis,
    [property: Id(8)] int Prefixes,
    [property: Id(9)] string Detail,
    [property: Id(10)] DateTimeOffset UpdatedAt)
{
    /// <summary>The cluster the node belongs to (null in lines written before clusters were shown).</summary>
    [Id(11)] public string? Cluster { get; init; }
}
