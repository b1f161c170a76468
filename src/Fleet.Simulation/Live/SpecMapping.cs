using Fleet.Abstractions.Messages;
using Fleet.Core.Model;

namespace Fleet.Simulation.Live;

/// <summary>A scenario node's spec as the node grain takes it (<c>INodeGrain.SetSpec</c>).</summary>
internal static class SpecMapping
{
    /// <summary>The wire form of <paramref name="spec"/>.</summary>
    public static NodeSpecDto ToDto(NodeSpec spec) => new()
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
