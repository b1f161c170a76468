using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Priors;
using Fleet.Core.Tests.NodeLoop;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.Priors;

/// <summary>A provisioner's intent: the node allocates for the pods it was launched for, before its agent reports.</summary>
public sealed class IntentTests
{
    [Fact]
    public void An_intent_is_served_with_one_call_before_any_report()
    {
        var node = new LoopHarness();

        Assert.Equal(["DescribeInstance"], node.Step(new IntentDeclared(100)).Kinds()); // checked against the instance first
        var found = node.Step(new InstanceDescribed(InstanceLookup.Running, LoopHarness.Facts));
        Assert.Equal(IntentOutcome.Accepted, found.Single<AnswerIntent>().Outcome);
        Assert.Equal(Ec2Action.AssignPrivateIpAddresses, node.Described(LoopHarness.Eth0).Single<RequestToken>().Action);

        var call = node.Grant(1, Ec2Action.AssignPrivateIpAddresses).Single<CallEc2>();

        Assert.Equal(new AssignAddresses(LoopHarness.Eth0.Id, Targets.AddressKind.Prefix, 7), call.Action); // 100 + 8 → 7 prefixes
        Assert.Equal(new Demand(0), node.Memory.CurrentDemand); // the agent has reported nothing: the intent is not its demand
    }

    [Fact]
    public void An_intent_for_a_known_instance_is_answered_at_once()
    {
        var node = new LoopHarness();
        node.Start(0);

        var effects = node.Step(new IntentDeclared(40));

        Assert.Equal(IntentOutcome.Accepted, effects.Single<AnswerIntent>().Outcome);
        Assert.Equal(40, node.Memory.PlanningDemand.Used);
    }

    [Fact]
    public void An_intent_for_an_instance_ec2_does_not_know_is_refused_and_stores_nothing()
    {
        var node = new LoopHarness();
        node.Step(new IntentDeclared(20));

        var effects = node.Step(new InstanceDescribed(InstanceLookup.Missing));

        Assert.Equal(IntentOutcome.UnknownInstance, effects.Single<AnswerIntent>().Outcome);
        Assert.Null(node.Memory.PodIntent);
        Assert.Null(node.Memory.Demand);
        Assert.False(effects.Has<Save>());
    }

    [Theory]
    [InlineData(0, 0)]        // nothing to allocate for
    [InlineData(-3, 0)]
    [InlineData(100_001, 0)]  // beyond any instance
    [InlineData(120, 110)]    // beyond the node's max-pods
    [InlineData(433, 0)]      // beyond the 432 addresses of an m5.large in prefix mode
    public void An_intent_out_of_range_is_refused_and_changes_nothing(int pods, int maxPods)
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = maxPods });
        node.Start(0);
        var before = node.Memory;

        var effects = node.Step(new IntentDeclared(pods));

        Assert.Equal(IntentOutcome.OutOfRange, effects.Single<AnswerIntent>().Outcome);
        Assert.Same(before.Demand, node.Memory.Demand);
        Assert.Null(node.Memory.PodIntent);
        Assert.False(effects.Has<Save>());
    }

    [Fact]
    public void An_intent_never_lowers_a_higher_demand()
    {
        var node = new LoopHarness();
        node.Start(0);
        node.Report(60, pending: 10);

        node.Step(new IntentDeclared(40));

        Assert.Equal(new Demand(60, 10), node.Memory.PlanningDemand);
    }

    [Fact]
    public void Pods_that_arrive_count_toward_the_intent()
    {
        var node = new LoopHarness();
        node.Start(0);
        node.Step(new IntentDeclared(40));

        node.Report(10, pending: 5);

        Assert.Equal(new Demand(35, 5), node.Memory.PlanningDemand);
    }

    [Fact]
    public void An_intent_lapses_when_no_pods_arrive_within_the_expiry()
    {
        var node = new LoopHarness();
        node.Start(0);
        node.Step(new IntentDeclared(40));

        node.Now += node.Options.Prior.IntentExpiry - TimeSpan.FromSeconds(1);
        node.Step(Ticked.Instance);
        Assert.NotNull(node.Memory.PodIntent);
        node.Now += TimeSpan.FromSeconds(1);
        var effects = node.Step(Ticked.Instance);

        Assert.Null(node.Memory.PodIntent);
        Assert.True(effects.Has<Save>());
    }

    [Fact]
    public void Arriving_pods_keep_an_intent_from_lapsing()
    {
        var node = new LoopHarness();
        node.Start(0);
        node.Step(new IntentDeclared(40));
        node.Now += node.Options.Prior.IntentExpiry / 2;
        node.Report(5);

        node.Now += (node.Options.Prior.IntentExpiry / 2) + TimeSpan.FromSeconds(1);
        node.Step(Ticked.Instance);

        Assert.NotNull(node.Memory.PodIntent);
    }

    [Fact]
    public void An_intent_is_spent_once_demand_reaches_it()
    {
        var node = new LoopHarness();
        node.Start(0);
        node.Step(new IntentDeclared(40));

        node.Report(38, pending: 2);

        Assert.Null(node.Memory.PodIntent);
    }
}
