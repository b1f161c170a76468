using Fleet.Testing;
using Fleet.Abstractions.Messages;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests;

/// <summary>A node's demand trend (the lookahead's inputs) outlives its grain's activation, as when its silo dies.</summary>
[Collection(FakeTimeCollection.Name)]
public sealed class TrendPersistenceTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_reactivated_node_remembers_how_its_demand_has_been_growing()
    {
        var node = Cluster.Launch(1)[0];
        await FirstReportAsync(node, new DemandReport(10));
        Cluster.Time!.Advance(TimeSpan.FromSeconds(60));
        await Cluster.Node(node).ReportDemand(new DemandReport(40));
        var before = (await Cluster.Client.GetGrain<Fleet.Grains.Node.INodeStateGrain>(node).GetState()).Trend;
        Assert.NotNull(before);
        Assert.Equal((40, 10), (before.LastTotal, before.LowTotal));
        Assert.True(before.GrowthPerSecond > 0);

        await Cluster.DeactivateAsync(Cluster.Node(node));
        Cluster.Time.Advance(TimeSpan.FromSeconds(30));
        await Cluster.Node(node).ReportDemand(new DemandReport(40));

        // A trend started afresh would have forgotten the 10 and the rate; the restored one carries both.
        var after = (await Cluster.Client.GetGrain<Fleet.Grains.Node.INodeStateGrain>(node).GetState()).Trend;
        Assert.NotNull(after);
        Assert.Equal((40, 10), (after.LastTotal, after.LowTotal));
        Assert.True(after.GrowthPerSecond > 0 && after.GrowthPerSecond < before.GrowthPerSecond, $"rate {after.GrowthPerSecond} after {before.GrowthPerSecond}");
    }

    /// <summary>
    /// The first report of a cold cluster (JIT, first describes, the throttle's activation) can outlast the fixture's
    /// 10 s client timeout on a loaded 2-core machine (seen once in a loop with the CPU busy); the grain still serves
    /// it, and an agent whose report timed out reports again. The same demand at the same (fake) instant changes nothing.
    /// </summary>
    private async Task FirstReportAsync(string node, DemandReport report)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Cluster.Node(node).ReportDemand(report);
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
            }
        }
    }
}
