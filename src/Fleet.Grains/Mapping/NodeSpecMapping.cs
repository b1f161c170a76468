using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Model;

namespace Fleet.Grains.Mapping;

/// <summary>
/// A node's spec both ways: the wire form agents and operators send (<see cref="NodeSpecDto"/>) ↔ Fleet.Core's
/// <see cref="NodeSpec"/>. <c>ToDto</c> then <c>ToSpec</c> gives the spec back.
/// </summary>
public static class NodeSpecMapping
{
    /// <summary>The core spec of a wire spec; <c>prefixDelegation</c> accepts on/true/prefix, off/false/ip, else auto.</summary>
    public static NodeSpec ToSpec(this NodeSpecDto dto) => new()
    {
        PreAllocate = dto.PreAllocate,
        MinAllocate = dto.MinAllocate,
        MaxAllocate = dto.MaxAllocate,
        MaxAboveWatermark = dto.MaxAboveWatermark,
        FirstInterfaceIndex = dto.FirstInterfaceIndex,
        UsePrimaryAddress = dto.UsePrimaryAddress,
        PrefixDelegation = dto.PrefixDelegation.ToLowerInvariant() switch
        {
            "on" or "true" or "prefix" => PrefixDelegation.On,
            "off" or "false" or "ip" => PrefixDelegation.Off,
            _ => PrefixDelegation.Auto,
        },
        SubnetIds = dto.SubnetIds.IsDefault ? [] : dto.SubnetIds,
        SubnetTags = dto.SubnetTags ?? ImmutableDictionary<string, string>.Empty,
        SecurityGroups = dto.SecurityGroups.IsDefault ? [] : dto.SecurityGroups,
        DeleteOnTermination = dto.DeleteOnTermination,
    };

    /// <summary>The wire form of <paramref name="spec"/>.</summary>
    public static NodeSpecDto ToDto(this NodeSpec spec) => new()
    {
        PreAllocate = spec.PreAllocate,
        MinAllocate = spec.MinAllocate,
        MaxAllocate = spec.MaxAllocate,
        MaxAboveWatermark = spec.MaxAboveWatermark,
        FirstInterfaceIndex = spec.FirstInterfaceIndex,
        UsePrimaryAddress = spec.UsePrimaryAddress,
        PrefixDelegation = spec.PrefixDelegation switch
        {
            PrefixDelegation.On => "on",
            PrefixDelegation.Off => "off",
            _ => "auto",
        },
        SubnetIds = spec.SubnetIds,
        SubnetTags = spec.SubnetTags,
        SecurityGroups = spec.SecurityGroups,
        DeleteOnTermination = spec.DeleteOnTermination,
    };
}
