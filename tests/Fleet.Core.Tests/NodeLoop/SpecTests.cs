using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>A spec is checked in one place for every entrance; a refused one changes nothing.</summary>
public sealed class SpecTests
{
    [Fact]
    public void An_invalid_spec_is_refused_with_every_problem_and_the_node_keeps_its_own()
    {
        var node = new LoopHarness();
        var before = node.Memory.Spec;

        var effects = node.Step(new SpecChanged(new NodeSpec { PreAllocate = -1, MinAllocate = 50, MaxAllocate = 10, SubnetIds = ["nope"] }));

        Assert.Equal(["minAllocate", "preAllocate", "subnetIds[0]"], effects.Single<AnswerSpec>().Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Same(before, node.Memory.Spec);
        Assert.False(effects.Has<Save>());
    }

    [Fact]
    public void A_new_spec_is_planned_from_at_once()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On });
        node.Start(0);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned(["10.0.1.0/28"], [])); // at its target: nothing asked

        var effects = node.Step(new SpecChanged(new NodeSpec { PrefixDelegation = PrefixDelegation.On, MinAllocate = 64 }));

        Assert.Empty(effects.Single<AnswerSpec>().Errors);
        Assert.Equal(Ec2Action.AssignPrivateIpAddresses, effects.Single<RequestToken>().Action);
        Assert.True(effects.Has<Save>());
    }
}
