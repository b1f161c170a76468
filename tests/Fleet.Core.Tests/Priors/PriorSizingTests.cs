using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Priors;
using Fleet.Core.Targets;
using Fleet.Core.Tests.NodeLoop;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.Priors;

/// <summary>A young node's first call reaches for the demand its priors expect; the node's own demand still decides whether to call.</summary>
public sealed class PriorSizingTests
{
    private static LoopHarness Node(int maxPods = 0, int? groupPeak = null, PriorMode mode = PriorMode.Group)
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = maxPods }) { GroupPeak = groupPeak };
        node.Options.Prior.Mode = mode;
        return node;
    }

    private static int FirstAssign(LoopHarness node, int used)
    {
        node.Start(used);
        var call = node.Grant(1, Ec2Action.AssignPrivateIpAddresses).Single<CallEc2>();
        return Assert.IsType<AssignAddresses>(call.Action).Count;
    }

    [Theory]
    [InlineData(PriorMode.Group, 0, null, 1)]     // nothing known: 2 used + 8 → one prefix
    [InlineData(PriorMode.Group, 110, null, 8)]   // no history yet: max-pods 110 + 8 → 8 prefixes, in one call
    [InlineData(PriorMode.Group, 110, 40, 3)]     // the group peaked at 40: 48 addresses
    [InlineData(PriorMode.Group, 0, 40, 3)]       // a group peak needs no max-pods
    [InlineData(PriorMode.Group, 30, 200, 3)]     // max-pods bounds every prior: 30 + 8 → 3 prefixes
    [InlineData(PriorMode.MaxPods, 110, 40, 8)]   // max-pods mode ignores the group
    [InlineData(PriorMode.None, 110, 40, 1)]      // no prior: the demand of the moment
    public void A_young_nodes_first_call_reaches_for_its_prior(PriorMode mode, int maxPods, int? groupPeak, int prefixes)
    {
        Assert.Equal(prefixes, FirstAssign(Node(maxPods, groupPeak, mode), used: 2));
    }

    [Fact]
    public void A_prior_never_makes_a_call_a_node_at_its_target_would_not_make()
    {
        var node = Node(maxPods: 110);
        node.Report(0);
        node.Step(new InstanceDescribed(InstanceLookup.Running, LoopHarness.Facts));

        var effects = node.Described(LoopHarness.Eth0 with { Prefixes = ["10.0.1.0/28"] }); // 16 held, 0 used: pre-allocate is met

        Assert.False(effects.Has<RequestToken>());
        Assert.Equal(NodePhase.Ready, NodeStanding.Phase(node.Memory, node.Options));
    }

    [Fact]
    public void The_prior_is_read_at_the_grant_not_at_the_request()
    {
        var node = Node();
        node.Start(2); // asked with no history
        node.GroupPeak = 56; // the group's history filled while the token was queued

        var call = node.Grant(1, Ec2Action.AssignPrivateIpAddresses).Single<CallEc2>();

        Assert.Equal(4, Assert.IsType<AssignAddresses>(call.Action).Count); // 56 + 8 = 64
    }

    [Fact]
    public void A_prior_sized_call_is_noted_with_its_source()
    {
        var node = Node(maxPods: 110);
        node.Start(2);

        var effects = node.Grant(1, Ec2Action.AssignPrivateIpAddresses);

        Assert.Equal(new PriorApplied(PriorSource.MaxPods, 110), effects.OfType<PriorApplied>().Single());
    }

    [Fact]
    public void A_young_node_that_needs_a_new_eni_creates_it_with_every_prefix_the_prior_expects()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = 110, FirstInterfaceIndex = 1 });
        node.Start(0);

        var call = node.Grant(1, Ec2Action.CreateNetworkInterface).Single<CallEc2>();

        Assert.Equal(8, Assert.IsType<CreateInterface>(call.Action).Count); // Cilium PR #44154's case at fleet scale: one Create, one Attach
    }

    [Theory]
    [InlineData(PriorMode.Group, 0, null, 0, PriorSource.None)]
    [InlineData(PriorMode.Group, 110, null, 110, PriorSource.MaxPods)]
    [InlineData(PriorMode.Group, 110, 40, 40, PriorSource.Group)]
    [InlineData(PriorMode.Group, 20, 40, 20, PriorSource.Group)]    // capped by max-pods
    [InlineData(PriorMode.Group, 110, 0, 110, PriorSource.MaxPods)] // a group whose nodes never ran a pod says nothing
    [InlineData(PriorMode.MaxPods, 110, 40, 110, PriorSource.MaxPods)]
    [InlineData(PriorMode.MaxPods, 0, 40, 0, PriorSource.None)]
    [InlineData(PriorMode.None, 110, 40, 0, PriorSource.None)]
    public void Which_prior_applies(PriorMode mode, int maxPods, int? groupPeak, int pods, PriorSource source)
    {
        var prior = NodePrior.For(new NodeSpec { MaxPods = maxPods }, new PriorOptions { Mode = mode }, groupPeak);

        Assert.Equal(new PriorReach(pods, source), prior);
    }

    [Theory]
    [InlineData(null, null, "m5.large", "fleet/m5.large")] // the group defaults to the instance type, the cluster to the allocator's
    [InlineData("web", null, "m5.large", "fleet/web")]
    [InlineData("web", "blue", "m5.large", "blue/web")]
    public void A_groups_history_is_keyed_by_cluster_and_group(string? group, string? cluster, string type, string key)
    {
        Assert.Equal(key, NodePrior.GroupKey(new NodeSpec { NodeGroup = group, Cluster = cluster }, type, "fleet"));
    }

    [Fact]
    public void The_planner_carries_the_prior_within_max_allocate()
    {
        var node = TestNodes.Fresh();
        var context = TestNodes.Context(node, new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxAllocate = 64 }, used: 2) with { Prior = 118 };

        var action = Assert.IsType<AssignAddresses>(Planner.Plan(context).Action);

        Assert.Equal(4, action.Count); // max-allocate 64 bounds the prior's 118
        Assert.Equal(10, NodeTargets.Compute(node, context.Spec, context.Demand).Needed); // and the prior never raised what is needed
    }
}
