using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Model;
using Fleet.Core.Node;

namespace Fleet.Grains.Mapping;

/// <summary>
/// A node's spec both ways: the wire form agents and operators send (<see cref="NodeSpecDto"/>) ↔ Fleet.Core's
/// <see cref="NodeSpec"/>, checked on the way in by <see cref="Check"/> — the one check the HTTP API, the Orleans client
/// and the node grain all apply.
/// </summary>
public static class NodeSpecMapping
{
    /// <summary>
    /// The core spec of a wire spec, or the problems (keyed by wire field name; empty when valid): the wire form's own
    /// (a null list, an unknown <c>prefixDelegation</c>), then <see cref="SpecValidator"/>'s.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Check(NodeSpecDto dto, out NodeSpec? spec)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var delegation = ParsePrefixDelegation(dto.PrefixDelegation);
        if (delegation is null)
        {
            errors["prefixDelegation"] = "must be \"auto\", \"on\" or \"off\"";
        }

        var candidate = new NodeSpec
        {
            PreAllocate = dto.PreAllocate,
            MinAllocate = dto.MinAllocate,
            MaxAllocate = dto.MaxAllocate,
            MaxAboveWatermark = dto.MaxAboveWatermark,
            FirstInterfaceIndex = dto.FirstInterfaceIndex,
            UsePrimaryAddress = dto.UsePrimaryAddress,
            PrefixDelegation = delegation ?? PrefixDelegation.Auto,
            SubnetIds = dto.SubnetIds,
            SubnetTags = dto.SubnetTags!,
            SecurityGroups = dto.SecurityGroups,
            DeleteOnTermination = dto.DeleteOnTermination,
            ExcludeInterfaceTags = dto.ExcludeInterfaceTags!,
            MaxPods = dto.MaxPods,
            NodeGroup = string.IsNullOrEmpty(dto.NodeGroup) ? null : dto.NodeGroup,
            Cluster = string.IsNullOrEmpty(dto.Cluster) ? null : dto.Cluster,
        };
        foreach (var (field, problem) in SpecValidator.Validate(candidate))
        {
            errors.TryAdd(field, problem);
        }

        spec = errors.Count == 0 ? candidate : null;
        return errors;
    }

    /// <summary>The core spec of a wire spec that must be valid; throws <see cref="InvalidSpecException"/> otherwise.</summary>
    public static NodeSpec ToSpec(this NodeSpecDto dto) =>
        Check(dto, out var spec) is { Count: > 0 } errors ? throw new InvalidSpecException(errors) : spec!;

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
        ExcludeInterfaceTags = spec.ExcludeInterfaceTags,
        MaxPods = spec.MaxPods,
        NodeGroup = spec.NodeGroup,
        Cluster = spec.Cluster,
    };

    /// <summary>on/true/prefix, off/false/ip, auto (any case); null for anything else.</summary>
    private static PrefixDelegation? ParsePrefixDelegation(string? text) => text?.ToLowerInvariant() switch
    {
        "on" or "true" or "prefix" => PrefixDelegation.On,
        "off" or "false" or "ip" => PrefixDelegation.Off,
        "auto" => PrefixDelegation.Auto,
        _ => null,
    };
}
