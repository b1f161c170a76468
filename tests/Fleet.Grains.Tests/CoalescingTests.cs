using Fleet.Abstractions.Messages;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests;

/// <summary>Late-bound plans (DESIGN §2.2): a call is planned when its token arrives, from the demand at that moment.</summary>
[Collection(FakeTimeCollection.Name)]
public sealed class CoalescingTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Ten_reports_while_the_token_is_queued_make_one_call_sized_for_the_last()
    {
        var (blocker, node) = (Cluster.Launch(1)[0], Cluster.Launch(1)[0]);
        foreach (var id in new[] { blocker, node })
        {
            await Cluster.Node(id).SetSpec(new NodeSpecDto { PrefixDelegation = "on" });
        }

        // The blocker spends the Assign bucket's only token; the node's request must wait for the next one.
        await Cluster.Node(blocker).ReportDemand(new DemandReport(8));
        await Cluster.WaitForAllAsync([blocker]);
        for (var used = 10; used <= 100; used += 10)
        {
            var result = await Cluster.Node(node).ReportDemand(new DemandReport(used));
            Assert.Equal(DemandOutcome.Accepted, result.Outcome);
        }

        Assert.DoesNotContain(Cluster.TrailFor([node]), t => t.Action == "AssignPrivateIpAddresses");
        var view = await Cluster.Node(node).GetView();
        Assert.Contains("AssignPrivateIpAddresses", view.PendingWork, StringComparison.Ordinal);

        Cluster.Time!.Advance(TimeSpan.FromSeconds(10));
        var allocation = (await Cluster.WaitForAllAsync([node]))[0];

        // used 100 + pre-allocate 8 = 108 → 7 prefixes (112), in one call.
        var assign = Assert.Single(Cluster.TrailFor([node]), t => t.Action == "AssignPrivateIpAddresses");
        Assert.Equal((7, "OK"), (assign.Count, assign.Outcome));
        Assert.Equal(112, allocation.Available);
    }
}

/// <summary>Tests sharing the fake-time cluster run one after another (they advance the same clock).</summary>
[CollectionDefinition(Name)]
public sealed class FakeTimeCollection : ICollectionFixture<FakeTimeClusterFixture>
{
    public const string Name = "fake-time cluster";
}
