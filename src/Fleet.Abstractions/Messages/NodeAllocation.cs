using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>Where a node stands.</summary>
public enum NodeStatus
{
    /// <summary>No demand was ever reported for this instance.</summary>
    Unknown = 0,

    /// <summary>Reading the instance from EC2.</summary>
    Discovering = 1,

    /// <summary>Short of its target: calls are queued or in flight.</summary>
    Allocating = 2,

    /// <summary>At its target.</summary>
    Ready = 3,

    /// <summary>Short, and no call can help now (see the detail: out of ENIs, subnets exhausted, cap).</summary>
    Blocked = 4,

    /// <summary>EC2 does not know the instance, or it is terminated.</summary>
    NotFound = 5,
}

/// <summary>The addresses one ENI gives the node.</summary>
[GenerateSerializer, Immutable, Alias("fleet.EniAllocation")]
public sealed record EniAllocation(
    [property: Id(0)] string EniId,
    [property: Id(1)] int DeviceIndex,
    [property: Id(2)] string SubnetId,
    [property: Id(3)] string PrimaryIp,
    [property: Id(4)] ImmutableArray<string> Prefixes,
    [property: Id(5)] ImmutableArray<string> Ips);

/// <summary>
/// A node's allocation, as its agent needs it: every usable address grouped by ENI, and what Fleet proposes to
/// release (the agent confirms with <see cref="DemandReport.ReleaseAcks"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.NodeAllocation")]
public sealed record NodeAllocation(
    [property: Id(0)] string InstanceId,
    [property: Id(1)] NodeStatus Status,
    [property: Id(2)] string Detail,
    [property: Id(3)] int Available,
    [property: Id(4)] int Used,
    [property: Id(5)] int Pending,
    [property: Id(6)] int Needed,
    [property: Id(7)] ImmutableArray<EniAllocation> Enis,
    [property: Id(8)] ImmutableArray<string> ProposedRelease,
    [property: Id(9)] long Version);
