using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Model;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Tests.Mapping;

/// <summary>A spec sent over the wire and read back is the spec that was sent.</summary>
public sealed class NodeSpecMappingTests
{
    [Theory]
    [InlineData(PrefixDelegation.On)]
    [InlineData(PrefixDelegation.Off)]
    [InlineData(PrefixDelegation.Auto)]
    public void A_spec_survives_the_wire_form_both_ways(PrefixDelegation mode)
    {
        var spec = new NodeSpec
        {
            PreAllocate = 16,
            MinAllocate = 45,
            MaxAllocate = 200,
            MaxAboveWatermark = 12,
            FirstInterfaceIndex = 1,
            UsePrimaryAddress = true,
            PrefixDelegation = mode,
            SubnetIds = ["subnet-1", "subnet-2"],
            SubnetTags = ImmutableDictionary<string, string>.Empty.Add("tier", "pods"),
            SecurityGroups = ["sg-1"],
            DeleteOnTermination = false,
        };

        var back = spec.ToDto().ToSpec();

        Assert.Equal(spec with { SubnetIds = [], SubnetTags = ImmutableDictionary<string, string>.Empty, SecurityGroups = [] },
            back with { SubnetIds = [], SubnetTags = ImmutableDictionary<string, string>.Empty, SecurityGroups = [] });
        Assert.Equal(spec.SubnetIds, back.SubnetIds);
        Assert.Equal(spec.SubnetTags, back.SubnetTags);
        Assert.Equal(spec.SecurityGroups, back.SecurityGroups);
    }

    [Theory]
    [InlineData("on", PrefixDelegation.On)]
    [InlineData("TRUE", PrefixDelegation.On)]
    [InlineData("ip", PrefixDelegation.Off)]
    [InlineData("whatever", PrefixDelegation.Auto)]
    public void Prefix_delegation_words_map_to_modes(string word, PrefixDelegation expected) =>
        Assert.Equal(expected, new NodeSpecDto { PrefixDelegation = word }.ToSpec().PrefixDelegation);
}
