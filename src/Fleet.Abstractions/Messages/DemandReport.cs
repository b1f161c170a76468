using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>What a node's agent reports.</summary>
/// <param name="Used">Addresses held by running pods (0 or more).</param>
/// <param name="Pending">Pods waiting for an address (0 or more).</param>
/// <param name="InUse">
/// The addresses in use, when the agent knows them. Without this list Fleet never releases anything from the node.
/// Every address must belong to the node.
/// </param>
/// <param name="ReleaseAcks">Prefixes (CIDR) and IPs the agent confirms it will not use, from the node's release proposal.</param>
[GenerateSerializer, Immutable, Alias("fleet.DemandReport")]
public sealed record DemandReport(
    [property: Id(0)] int Used,
    [property: Id(1)] int Pending = 0,
    [property: Id(2)] ImmutableArray<string>? InUse = null,
    [property: Id(3)] ImmutableArray<string>? ReleaseAcks = null)
{
    /// <summary>
    /// The cluster the reporter acts for: the node must be that cluster's (or no one's yet: the report then claims it),
    /// else the report is refused with <see cref="DemandOutcome.OtherCluster"/>. Null: a caller acting for no cluster.
    /// </summary>
    [Id(4)] public string? Cluster { get; init; }
}
