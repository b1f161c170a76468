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
            SubnetIds = ["subnet-0a000000000000001", "subnet-0b000000000000001"],
            SubnetTags = ImmutableDictionary<string, string>.Empty.Add("tier", "pods"),
            SecurityGroups = ["sg-0123456789abcdef0"],
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
    [InlineData("auto", PrefixDelegation.Auto)]
    public void Prefix_delegation_words_map_to_modes(string word, PrefixDelegation expected) =>
        Assert.Equal(expected, new NodeSpecDto { PrefixDelegation = word }.ToSpec().PrefixDelegation);

    [Fact]
    public void A_spec_with_problems_is_refused_with_every_problem_named()
    {
        var errors = NodeSpecMapping.Check(new NodeSpecDto { PrefixDelegation = "whatever", PreAllocate = -1, SubnetIds = ["subnet-x"] }, out var spec);

        Assert.Null(spec);
        Assert.Equal(["preAllocate", "prefixDelegation", "subnetIds[0]"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Throws<InvalidSpecException>(() => new NodeSpecDto { PrefixDelegation = "whatever" }.ToSpec());
    }
}
