using Fleet.Testing;
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
        await AssignBucketFullAndIdleAsync();
        var (blocker, node) = (Cluster.Launch(1)[0], Cluster.Launch(1)[0]);
        foreach (var id in new[] { blocker, node })
        {
            await Cluster.Node(id).SetSpec(new NodeSpecDto { PrefixDelegation = "on" });
        }

        // The blocker spends the Assign bucket's only token; the node's request must wait for the next one.
        await Cluster.Node(blocker).ReportDemand(new DemandReport(8));
        await WaitAsync("blocker", blocker);
        for (var used = 10; used <= 100; used += 10)
        {
            var result = await Cluster.Node(node).ReportDemand(new DemandReport(used));
            Assert.Equal(DemandOutcome.Accepted, result.Outcome);
        }

        Assert.DoesNotContain(Cluster.TrailFor([node]), t => t.Action == "AssignPrivateIpAddresses");
        var view = await Cluster.Node(node).GetView();
        Assert.Contains("AssignPrivateIpAddresses", view.PendingWork, StringComparison.Ordinal);

        Cluster.Time!.Advance(TimeSpan.FromSeconds(10));
        var allocation = await WaitAsync("node", node);

        // used 100 + pre-allocate 8 = 108 → 7 prefixes (112), in one call.
        var assign = Assert.Single(Cluster.TrailFor([node]), t => t.Action == "AssignPrivateIpAddresses");
        Assert.Equal((7, "OK"), (assign.Count, assign.Outcome));
        Assert.Equal(112, allocation.Available);
    }

    /// <summary>
    /// The collection shares this fake clock and a one-token Assign bucket (one token per 10 s). Whether an earlier test's
    /// node took its token before or after that test's last advance depends on timing, so this test cannot assume the
    /// bucket is full: it drives the clock until the bucket holds its token and nobody waits for one.
    /// </summary>
    private async Task AssignBucketFullAndIdleAsync()
    {
        var throttle = Cluster.Client.GetGrain<Fleet.Abstractions.Grains.IThrottleView>(Cluster.ThrottleKey);
        await Fleet.Testing.Eventually.Until(async () =>
        {
            var lane = (await throttle.GetView()).Buckets.Single(b => b.Action == "AssignPrivateIpAddresses");
            if (lane.Tokens < 1 || lane.CriticalWaiting > 0)
            {
                Cluster.Time!.Advance(TimeSpan.FromSeconds(10));
            }

            return lane;
        }, lane => lane.Tokens >= 1 && lane.CriticalWaiting == 0, "the Assign bucket holding its token, nobody waiting");
    }

    /// <summary>Waits for a node to be ready; on a timeout, says where the node and the throttle's Assign lane stood.</summary>
    private async Task<NodeAllocation> WaitAsync(string phase, string id)
    {
        try
        {
            return (await Cluster.WaitForAllAsync([id]))[0];
        }
        catch (TimeoutException e)
        {
            var view = await Cluster.Node(id).GetView();
            var throttle = await Cluster.Client.GetGrain<Fleet.Abstractions.Grains.IThrottleView>(Cluster.ThrottleKey).GetView();
            var assign = throttle.Buckets.Single(b => b.Action == "AssignPrivateIpAddresses");
            var trail = string.Join("; ", Cluster.TrailFor([id]).Select(t => $"{t.Action} {t.Outcome}"));
            throw new TimeoutException($"{phase} {id}: {view.Allocation.Status} '{view.Allocation.Detail}', pending work '{view.PendingWork}', " +
                $"last error '{view.LastError}', calls [{string.Join(", ", view.Calls)}]; Assign lane: {assign}; outstanding {throttle.Outstanding}, " +
                $"waiting {throttle.Waiting}, throttle clock {throttle.At:O}; trail: {trail}", e);
        }
    }
}

/// <summary>Tests sharing the fake-time cluster run one after another (they advance the same clock).</summary>
[CollectionDefinition(Name)]
public sealed class FakeTimeCollection : ICollectionFixture<FakeTimeClusterFixture>
{
    public const string Name = "fake-time cluster";
}
