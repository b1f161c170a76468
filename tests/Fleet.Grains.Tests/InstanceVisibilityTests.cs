using Fleet.Testing;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator.Options;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests;

/// <summary>
/// EC2 is eventually consistent: a just-launched instance can be missing from DescribeInstances for seconds. One miss
/// is not "gone" (re-ask, don't conclude): the report is refused for now, nothing is remembered, and the agent's next
/// report is served. Its own cluster and clock (no shared Assign bucket with the fake-time collection).
/// </summary>
public sealed class InstanceVisibilityTests(FakeTimeClusterFixture fixture) : IClassFixture<FakeTimeClusterFixture>
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_batch_that_misses_a_new_instance_asks_for_it_again_by_id_and_serves_the_report()
    {
        var node = Cluster.Launch(1)[0];
        var described = Cluster.Region.Trail().Count(t => t.Action == "DescribeInstances");
        Cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions> { ["DescribeInstances"] = new() { NotVisible = new() { Count = 1 } } });
        try
        {
            var first = await Cluster.Node(node).ReportDemand(new DemandReport(0));

            Assert.Equal(DemandOutcome.Accepted, first.Outcome); // one miss is not the last word (Karpenter's batcher does the same)
            Assert.Equal(described + 2, Cluster.Region.Trail().Count(t => t.Action == "DescribeInstances"));
        }
        finally
        {
            Cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions>());
        }
    }

    [Fact]
    public async Task A_report_before_EC2_shows_a_new_instance_is_refused_for_now_and_the_next_report_is_served()
    {
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).SetSpec(new NodeSpecDto { PrefixDelegation = "on" });
        var described = Cluster.Region.Trail().Count(t => t.Action == "DescribeInstances");
        Cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions> { ["DescribeInstances"] = new() { NotVisible = new() { Count = 2 } } });
        try
        {
            var first = await Cluster.Node(node).ReportDemand(new DemandReport(20));

            Assert.Equal(DemandOutcome.UnknownInstance, first.Outcome); // missed by the batch and by the question by id
            Assert.Contains("report again", first.Detail, StringComparison.Ordinal);
            Assert.Equal(described + 2, Cluster.Region.Trail().Count(t => t.Action == "DescribeInstances"));

            // Within the re-check window the miss answers without asking EC2 again.
            var again = await Cluster.Node(node).ReportDemand(new DemandReport(20));
            Assert.Equal(DemandOutcome.UnknownInstance, again.Outcome);
            Assert.Equal(described + 2, Cluster.Region.Trail().Count(t => t.Action == "DescribeInstances"));
        }
        finally
        {
            Cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions>());
        }

        Cluster.Time!.Advance(TimeSpan.FromSeconds(2)); // the re-check window
        var served = await Cluster.Node(node).ReportDemand(new DemandReport(20));
        Assert.Equal((DemandOutcome.Accepted, 20), (served.Outcome, served.Allocation.Used));

        Cluster.Time.Advance(TimeSpan.FromSeconds(10)); // the fixture's Assign bucket holds one token per 10 s
        var settled = (await Cluster.WaitForAllAsync([node]))[0];
        Assert.Equal((NodeStatus.Ready, 32), (settled.Status, settled.Available)); // 20 used + 8 pre-allocated → two /28s
        Assert.Equal("on", (await Cluster.Node(node).GetView()).Spec.PrefixDelegation); // the spec set before was kept
    }
}
