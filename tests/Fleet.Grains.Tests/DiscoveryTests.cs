using Fleet.Testing;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator.Options;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests;

/// <summary>
/// A node's first report, when EC2 cannot be read just then (every retry of the describe fails): a transient answer,
/// not a refusal of the report.
/// </summary>
[Collection(FakeTimeCollection.Name)]
public sealed class DiscoveryTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_first_report_while_ec2_errs_is_answered_not_now_stores_nothing_and_the_next_report_is_accepted()
    {
        var node = Cluster.Launch(1)[0];
        // One Assign reaches the target. A group of its own: no other test's peaks size its call (a prior).
        var before = await Cluster.Node(node).SetSpec(new NodeSpecDto { PrefixDelegation = "on", NodeGroup = "discovery" });
        Cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions> { ["DescribeInstances"] = new() { InternalError = new FaultRule { Probability = 1 } } });
        try
        {
            var first = await Cluster.Node(node).ReportDemand(new DemandReport(20));

            Assert.Equal(DemandOutcome.Ec2Unavailable, first.Outcome);
            Assert.Contains("report again", first.Detail, StringComparison.Ordinal);
            Assert.Equal((0, before.Allocation.Version), (first.Allocation.Used, first.Allocation.Version)); // nothing stored
            Assert.Contains(Cluster.Region.Trail(), t => t.Action == "DescribeInstances" && t.Outcome == "InternalError");
        }
        finally
        {
            Cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions>());
        }

        var second = await Cluster.Node(node).ReportDemand(new DemandReport(20));
        Assert.Equal((DemandOutcome.Accepted, 20), (second.Outcome, second.Allocation.Used));

        // It reaches its target, leaving the collection's one-token Assign bucket to the next test.
        Cluster.Time!.Advance(TimeSpan.FromSeconds(10));
        var settled = (await Cluster.WaitForAllAsync([node]))[0];
        Assert.Equal(32, settled.Available); // 20 used + 8 pre-allocated → two /28 prefixes
    }
}
