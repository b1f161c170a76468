using Fleet.Abstractions.Messages;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>A node grain that moved to another activation shows where the node stands at once, from its persisted state.</summary>
public sealed class MovedNodeTests(RealTimeClusterFixture fixture) : IClassFixture<RealTimeClusterFixture>
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_node_whose_grain_moved_reports_its_true_status_before_any_report_and_reads_ec2_in_the_background()
    {
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).ReportDemand(new DemandReport(20));
        var before = (await Cluster.WaitForAllAsync([node]))[0];

        var reads = Cluster.Region.Trail().Count(t => t.Action == "DescribeNetworkInterfaces");
        await Cluster.DeactivateAsync(Cluster.Node(node)); // as when its silo dies, with its state written
        var after = await Cluster.Node(node).GetAllocation(); // no report: the agent has not come back yet

        Assert.Equal((NodeStatus.Ready, before.Available, before.Used, "target met"), (after.Status, after.Available, after.Used, after.Detail));
        Assert.Equal(before.Enis.SelectMany(e => e.Prefixes), after.Enis.SelectMany(e => e.Prefixes));
        await Eventually.Until(() => Task.FromResult(Cluster.Region.Trail().Count(t => t.Action == "DescribeNetworkInterfaces")),
            now => now > reads, "the moved node reading its ENIs without waiting for a report");
    }
}
