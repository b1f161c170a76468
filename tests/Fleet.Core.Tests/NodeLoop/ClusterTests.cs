using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>
/// A node belongs to one cluster: its token requests and the ENIs it creates say which, and a caller acting for another
/// cluster can neither report for it nor change its spec.
/// </summary>
public sealed class ClusterTests
{
    [Fact]
    public void A_node_asks_for_tokens_for_its_spec_s_cluster_or_else_the_default()
    {
        var named = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, Cluster = "b" });
        var unnamed = new LoopHarness();

        Assert.Equal("b", named.Start(20).Single<RequestToken>().Cluster);
        Assert.Equal(unnamed.Options.ClusterName, unnamed.Start(20).Single<RequestToken>().Cluster);
    }

    [Fact]
    public void An_eni_the_node_creates_is_for_its_cluster()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, FirstInterfaceIndex = 1, Cluster = "b" });
        node.Start(20);

        var call = node.Grant(1, Ec2Action.CreateNetworkInterface).Single<CallEc2>();

        Assert.Equal(("b", typeof(CreateInterface)), (call.Cluster, call.Action.GetType()));
    }

    [Fact]
    public void A_report_from_another_cluster_is_refused_and_changes_nothing()
    {
        var node = new LoopHarness();
        node.Step(new DemandReported(new AgentReport(20) { Cluster = "a" }));
        node.Step(new InstanceDescribed(InstanceLookup.Running, LoopHarness.Facts));
        node.Described(LoopHarness.Eth0);
        var before = node.Memory;

        var refused = node.Step(new DemandReported(new AgentReport(90, 10) { Cluster = "b" }));

        Assert.Equal(ReportOutcome.OtherCluster, refused.Single<AnswerReport>().Outcome);
        Assert.Equal(["AnswerReport"], refused.Kinds()); // no save, no token, no describe
        Assert.Same(before, node.Memory);
    }

    [Fact]
    public void The_first_report_accepted_from_a_cluster_claims_an_unclaimed_node()
    {
        var node = new LoopHarness();

        node.Step(new DemandReported(new AgentReport(20) { Cluster = "b" }));
        node.Step(new InstanceDescribed(InstanceLookup.Running, LoopHarness.Facts));
        var accepted = node.Described(LoopHarness.Eth0);

        Assert.Equal(("b", "b"), (node.Memory.Spec.Cluster, accepted.Single<RequestToken>().Cluster));
        Assert.Equal(ReportOutcome.OtherCluster, node.Step(new DemandReported(new AgentReport(20) { Cluster = "a" })).Single<AnswerReport>().Outcome);
    }

    [Fact]
    public void A_refused_first_report_claims_nothing()
    {
        var node = new LoopHarness();
        node.Step(new DemandReported(new AgentReport(20) { Cluster = "b" }));

        node.Step(new InstanceDescribed(InstanceLookup.Missing));

        Assert.Equal((null, false), (node.Memory.Spec.Cluster, NodeClusters.Claimed(node.Memory)));
    }

    [Fact]
    public void A_node_reported_for_by_a_caller_acting_for_no_cluster_is_the_default_clusters()
    {
        var node = new LoopHarness();
        node.Start(20);

        var refused = node.Step(new DemandReported(new AgentReport(20) { Cluster = "b" }));

        Assert.Equal(ReportOutcome.OtherCluster, refused.Single<AnswerReport>().Outcome);
        Assert.Equal(ReportOutcome.Accepted, node.Step(new DemandReported(new AgentReport(20) { Cluster = node.Options.ClusterName })).Single<AnswerReport>().Outcome);
    }

    [Theory]
    [InlineData("b", null, "a")] // the node is a's
    [InlineData("a", "b", "b")] // a's credential cannot move a node to b
    public void A_spec_from_a_caller_that_may_not_act_for_the_cluster_is_refused_and_changes_nothing(string caller, string? named, string refusedFor)
    {
        var node = new LoopHarness(new NodeSpec { Cluster = "a", PreAllocate = 4 });
        var before = node.Memory;

        var answer = node.Step(new SpecChanged(new NodeSpec { Cluster = named, PreAllocate = 16 }, caller)).Single<AnswerSpec>();

        Assert.Equal(refusedFor, answer.RefusedFor);
        Assert.Same(before, node.Memory);
    }

    [Fact]
    public void A_spec_that_names_no_cluster_keeps_the_nodes_and_an_unclaimed_node_takes_the_callers()
    {
        var claimed = new LoopHarness(new NodeSpec { Cluster = "a" });
        var unclaimed = new LoopHarness();

        claimed.Step(new SpecChanged(new NodeSpec { PreAllocate = 16 }));
        unclaimed.Step(new SpecChanged(new NodeSpec { PreAllocate = 16 }, "b"));

        Assert.Equal(("a", 16), (claimed.Memory.Spec.Cluster, claimed.Memory.Spec.PreAllocate));
        Assert.Equal("b", unclaimed.Memory.Spec.Cluster);
    }

    [Fact]
    public void A_caller_acting_for_no_cluster_may_move_a_node_by_naming_the_cluster()
    {
        var node = new LoopHarness(new NodeSpec { Cluster = "a" });

        var answer = node.Step(new SpecChanged(new NodeSpec { Cluster = "b" })).Single<AnswerSpec>();

        Assert.Equal((null, "b"), (answer.RefusedFor, node.Memory.Spec.Cluster));
    }
}
