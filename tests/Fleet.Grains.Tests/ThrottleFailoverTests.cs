using Fleet.Testing;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Grains.Tests.Infrastructure;

namespace Fleet.Grains.Tests;

/// <summary>
/// The throttle grain's buckets live in memory; when its silo dies, the next activation must not take EC2's buckets
/// to be full — the lost one may have emptied them a moment before. (Assign here: 1 token, one per 10 s.)
/// </summary>
[Collection(FakeTimeCollection.Name)]
public sealed class ThrottleFailoverTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    private async Task<double> AssignTokens(string key) =>
        (await Cluster.Client.GetGrain<Fleet.Grains.Throttle.IThrottleGrain>(key).GetState()).Buckets.Single(b => b.Action == "AssignPrivateIpAddresses").Tokens;

    [Fact]
    public async Task A_throttle_grain_that_lost_its_predecessor_starts_with_only_what_EC2_refilled_since_the_last_grant()
    {
        Cluster.Time!.Advance(TimeSpan.FromMinutes(1)); // earlier tests' spending is long refilled
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).ReportDemand(new DemandReport(8)); // spends the Assign token
        await Cluster.WaitForAllAsync([node]);

        Assert.Equal(0, await AssignTokens(Cluster.ThrottleKey));
        await Cluster.DeactivateAsync(Cluster.Client.GetGrain<Fleet.Grains.Throttle.IThrottleGrain>(Cluster.ThrottleKey));

        // The predecessor promised no grant after (grant + 10 s): until then nothing is assumed refilled.
        Assert.Equal(0, await AssignTokens(Cluster.ThrottleKey));
        Cluster.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await AssignTokens(Cluster.ThrottleKey));
        Cluster.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await AssignTokens(Cluster.ThrottleKey), 3);
    }

    [Fact]
    public async Task A_throttle_grain_with_no_predecessor_starts_full()
    {
        Assert.Equal(1, await AssignTokens($"fresh-{Guid.NewGuid():N}/us-east-1"));
    }
}
