using Fleet.Core.Errors;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>A node reads EC2 before it acts; a miss is asked again, never taken for "gone".</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public void A_first_report_reads_the_instance_then_its_enis_and_is_answered_after_them()
    {
        var node = new LoopHarness();

        Assert.Equal(["DescribeInstance"], node.Report(20).Kinds());
        Assert.Equal(["DescribeInterfaces"], node.Step(new InstanceDescribed(InstanceLookup.Running, LoopHarness.Facts)).Kinds());
        var accepted = node.Described(LoopHarness.Eth0);

        Assert.Equal(ReportOutcome.Accepted, accepted.Single<AnswerReport>().Outcome);
        var request = accepted.Single<RequestToken>();
        Assert.Equal((Ec2Action.AssignPrivateIpAddresses, WorkClass.Critical, 28, true), (request.Action, request.Urgency.Class, request.Urgency.Deficit, request.HoldsNothing));
        Assert.True(accepted.Has<Save>());
        Assert.Equal(NodePhase.Allocating, NodeStanding.Phase(node.Memory, node.Options));
    }

    [Fact]
    public void An_instance_ec2_does_not_show_is_refused_without_storing_anything_and_asked_again_after_the_recheck()
    {
        var node = new LoopHarness();
        node.Report(20);

        var refused = node.Step(new InstanceDescribed(InstanceLookup.Missing));

        Assert.Equal(ReportOutcome.UnknownInstance, refused.Single<AnswerReport>().Outcome);
        Assert.False(refused.Has<Save>());
        Assert.False(node.Memory.Terminated); // one miss is not "gone": a freshly launched instance may not show yet
        Assert.Equal(["AnswerReport"], node.Report(20).Kinds()); // within the re-check: the same answer, no describe
        node.Now += node.Options.BackoffBase;
        Assert.Equal(["DescribeInstance"], node.Report(20).Kinds());
    }

    [Fact]
    public void A_terminated_instance_ends_a_node_that_had_demand()
    {
        var node = new LoopHarness();
        node.Start(20);

        node.Step(new CallAnswered(new CallFailed(new Ec2Failure(Ec2ErrorKind.InstanceNotRunning, "IncorrectInstanceState", "stopping"))));
        var effects = node.Step(new InstanceDescribed(InstanceLookup.Terminated, State: "terminated"));

        Assert.True(node.Memory.Terminated);
        Assert.Equal(NodePhase.NotFound, NodeStanding.Phase(node.Memory, node.Options));
        Assert.Equal(ReportOutcome.UnknownInstance, node.Report(20).Single<AnswerReport>().Outcome);
        Assert.False(effects.Has<RequestToken>());
    }

    [Fact]
    public void A_first_report_while_ec2_errs_is_answered_not_now_and_stores_nothing()
    {
        var node = new LoopHarness();
        node.Report(20);

        var effects = node.Step(new InstanceDescribed(InstanceLookup.Failed, Error: new Ec2Failure(Ec2ErrorKind.Transient, "InternalError", "boom")));

        Assert.Equal(ReportOutcome.Ec2Unavailable, effects.Single<AnswerReport>().Outcome);
        Assert.False(effects.Has<Save>());
        Assert.Equal(["DescribeInstance"], node.Report(20).Kinds()); // the agent's next report asks at once
    }

    [Fact]
    public void A_describe_without_eth0_is_not_believed_and_the_instance_is_read_again()
    {
        var node = new LoopHarness();
        node.Report(20);
        node.Step(new InstanceDescribed(InstanceLookup.Running, LoopHarness.Facts));

        var effects = node.Described();

        Assert.Equal(ReportOutcome.Accepted, effects.Single<AnswerReport>().Outcome);
        Assert.True(effects.Has<DescribeInstance>());
        Assert.False(effects.Has<RequestToken>()); // planning from it would create an ENI at device 1 (an extra ENI)
        Assert.Equal("Inconsistent", node.Memory.LastError!.Code);
    }

    [Fact]
    public void An_eni_created_moments_ago_is_kept_through_a_describe_that_does_not_show_it_yet_but_not_after_the_grace()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, FirstInterfaceIndex = 1 });
        node.Start(20);
        var create = node.Grant(1, Ec2Action.CreateNetworkInterface).Single<CallEc2>();
        var created = LoopHarness.Eni("eni-0new", -1, tags: new Dictionary<string, string> { [FleetTags.Node] = LoopHarness.Id, [FleetTags.Intent] = create.ClientToken! });
        node.Answer(new InterfaceCreated(created with { Prefixes = ["10.0.1.0/28", "10.0.1.16/28"] }));

        node.Memory = node.Memory with { Loop = node.Memory.Loop with { NeedsReconcile = true, Reading = Read.Interfaces } };
        node.Described(LoopHarness.Eth0);
        Assert.Contains(node.Memory.Enis, e => e.Id == "eni-0new");

        node.Now += node.Options.ConsistencyGrace;
        node.Memory = node.Memory with { Loop = node.Memory.Loop with { NeedsReconcile = true, Reading = Read.Interfaces } };
        node.Described(LoopHarness.Eth0);
        Assert.DoesNotContain(node.Memory.Enis, e => e.Id == "eni-0new");
    }

    [Fact]
    public void A_node_resumed_from_its_persisted_state_shows_where_it_stands_and_reads_its_enis_in_the_background()
    {
        var node = new LoopHarness();
        node.Start(20);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned(["10.0.1.0/28", "10.0.1.16/28"], []));
        var moved = node.Memory with { Loop = LoopState.Fresh };

        Assert.Equal(NodePhase.Ready, NodeStanding.Phase(moved, node.Options)); // not "discovering": its state is known
        node.Memory = moved;
        Assert.Equal(["DescribeInterfaces", "SetTicking", "Save"], node.Step(Resumed.Instance).Kinds()); // the save publishes it at once
    }
}
