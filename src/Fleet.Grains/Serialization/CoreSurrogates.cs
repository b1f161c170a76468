using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Throttling;

namespace Fleet.Grains.Serialization;

/// <summary>
/// <see cref="Urgency"/> on the wire: the layout of Fleet 0.1's <c>TokenUrgency</c> (kind, pods pending, deficit), so
/// silos of both versions exchange token requests during a rolling upgrade.
/// </summary>
[GenerateSerializer]
public struct UrgencySurrogate
{
    /// <summary>Critical or housekeeping.</summary>
    [Id(0)] public WorkClass Class { get; set; }

    /// <summary>Pods waiting for an address.</summary>
    [Id(1)] public int PendingPods { get; set; }

    /// <summary>Addresses short.</summary>
    [Id(2)] public int Deficit { get; set; }
}

/// <summary>Converts <see cref="Urgency"/>.</summary>
[RegisterConverter]
public sealed class UrgencyConverter : IConverter<Urgency, UrgencySurrogate>
{
    /// <inheritdoc />
    public Urgency ConvertFromSurrogate(in UrgencySurrogate surrogate) => new(surrogate.Class, surrogate.PendingPods, surrogate.Deficit);

    /// <inheritdoc />
    public UrgencySurrogate ConvertToSurrogate(in Urgency value) =>
        new() { Class = value.Class, PendingPods = value.PendingPods, Deficit = value.Deficit };
}

/// <summary>
/// <see cref="NodeSpec"/> in storage: the layout of the spec's wire form (<c>NodeSpecDto</c>, which Fleet 0.1 persisted),
/// so a node's persisted spec reads back across versions; fields added since take new ids.
/// </summary>
[GenerateSerializer]
public struct NodeSpecSurrogate
{
    [Id(0)] public int PreAllocate { get; set; }
    [Id(1)] public int MinAllocate { get; set; }
    [Id(2)] public int MaxAllocate { get; set; }
    [Id(3)] public int MaxAboveWatermark { get; set; }
    [Id(4)] public int FirstInterfaceIndex { get; set; }
    [Id(5)] public bool UsePrimaryAddress { get; set; }
    [Id(6)] public PrefixDelegation PrefixDelegation { get; set; }
    [Id(7)] public ImmutableArray<string> SubnetIds { get; set; }
    [Id(8)] public ImmutableDictionary<string, string>? SubnetTags { get; set; }
    [Id(9)] public ImmutableArray<string> SecurityGroups { get; set; }
    [Id(10)] public bool DeleteOnTermination { get; set; }
    [Id(11)] public ImmutableDictionary<string, string>? ExcludeInterfaceTags { get; set; }
}

/// <summary>Converts <see cref="NodeSpec"/>.</summary>
[RegisterConverter]
public sealed class NodeSpecConverter : IConverter<NodeSpec, NodeSpecSurrogate>
{
    /// <inheritdoc />
    public NodeSpec ConvertFromSurrogate(in NodeSpecSurrogate s) => new()
    {
        PreAllocate = s.PreAllocate,
        MinAllocate = s.MinAllocate,
        MaxAllocate = s.MaxAllocate,
        MaxAboveWatermark = s.MaxAboveWatermark,
        FirstInterfaceIndex = s.FirstInterfaceIndex,
        UsePrimaryAddress = s.UsePrimaryAddress,
        PrefixDelegation = s.PrefixDelegation,
        SubnetIds = s.SubnetIds.IsDefault ? [] : s.SubnetIds,
        SubnetTags = s.SubnetTags ?? ImmutableDictionary<string, string>.Empty,
        SecurityGroups = s.SecurityGroups.IsDefault ? [] : s.SecurityGroups,
        DeleteOnTermination = s.DeleteOnTermination,
        ExcludeInterfaceTags = s.ExcludeInterfaceTags ?? ImmutableDictionary<string, string>.Empty,
    };

    /// <inheritdoc />
    public NodeSpecSurrogate ConvertToSurrogate(in NodeSpec value) => new()
    {
        PreAllocate = value.PreAllocate,
        MinAllocate = value.MinAllocate,
        MaxAllocate = value.MaxAllocate,
        MaxAboveWatermark = value.MaxAboveWatermark,
        FirstInterfaceIndex = value.FirstInterfaceIndex,
        UsePrimaryAddress = value.UsePrimaryAddress,
        PrefixDelegation = value.PrefixDelegation,
        SubnetIds = value.SubnetIds,
        SubnetTags = value.SubnetTags,
        SecurityGroups = value.SecurityGroups,
        DeleteOnTermination = value.DeleteOnTermination,
        ExcludeInterfaceTags = value.ExcludeInterfaceTags,
    };
}
