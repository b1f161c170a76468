using Fleet.Abstractions.Messages;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>
/// The throttle grain sleeps until its next token is due. The clock may move between the grain reading it and arming
/// its wake-up (a test advancing a fake clock from its own thread, a paused thread): the token must still be granted
/// when it is due, not a whole wait later. (Assign here: 1 token, one per 10 s.)
/// </summary>
[Collection(FakeTimeCollection.Name)]
public sealed class ThrottleWakeTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_token_that_falls_due_while_the_throttle_arms_its_wake_up_is_granted_then()
    {
        Cluster.Time!.Advance(TimeSpan.FromMinutes(1)); // earlier tests' spending is long refilled
        var nodes = Cluster.Launch(2);
        foreach (var node in nodes)
        {
            // A group of their own: their peaks are no prior for the other tests' nodes. Activated, their timers armed.
            await Cluster.Node(node).SetSpec(new NodeSpecDto { NodeGroup = "throttle-wake" });
        }

        await Cluster.Node(nodes[0]).ReportDemand(new DemandReport(8)); // spends the Assign token
        await Cluster.WaitForAllAsync([nodes[0]]);

        // The second node finds the bucket empty: the throttle arms a wake-up in 10 s, and those 10 s pass as it does.
        Cluster.Time.SlipWhileArming(TimeSpan.FromSeconds(10));
        await Cluster.Node(nodes[1]).ReportDemand(new DemandReport(8));
        await Eventually.Until(() => Cluster.Time.Slipped, slipped => slipped, "the throttle arming a 10 s wake-up (the race this tests)");

        var second = await Cluster.WaitForAllAsync([nodes[1]], timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(NodeStatus.Ready, second[0].Status);
    }
}
