using Fleet.Core.Planning;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

public sealed class LookaheadTests
{
    [Fact]
    public void Recent_growth_is_demand_now_minus_the_lowest_within_the_window()
    {
        var trend = new DemandTrend(TimeSpan.FromSeconds(60));
        trend = trend.Observe(TimeSpan.FromSeconds(0), 50);
        trend = trend.Observe(TimeSpan.FromSeconds(30), 20);
        trend = trend.Observe(TimeSpan.FromSeconds(50), 45);
        Assert.Equal(25, trend.RecentGrowth);

        trend = trend.Observe(TimeSpan.FromSeconds(200), 45); // the dip left the window
        Assert.Equal(0, trend.RecentGrowth);
    }

    [Fact]
    public void A_restored_trend_carries_on_as_the_one_it_was_taken_from()
    {
        var original = new DemandTrend(TimeSpan.FromSeconds(60));
        original = original.Observe(TimeSpan.FromSeconds(0), 50);
        original = original.Observe(TimeSpan.FromSeconds(30), 20);
        original = original.Observe(TimeSpan.FromSeconds(50), 45);

        var restored = DemandTrend.Restore(original.Snapshot(), TimeSpan.FromSeconds(60));

        Assert.Equal(original.RecentGrowth, restored.RecentGrowth);
        Assert.Equal(original.GrowthPerSecond, restored.GrowthPerSecond);
        original = original.Observe(TimeSpan.FromSeconds(70), 60);
        restored = restored.Observe(TimeSpan.FromSeconds(70), 60);
        Assert.Equal(original.RecentGrowth, restored.RecentGrowth);
        Assert.Equal(original.GrowthPerSecond, restored.GrowthPerSecond);

        original = original.Observe(TimeSpan.FromSeconds(200), 60); // the low left the window in both
        restored = restored.Observe(TimeSpan.FromSeconds(200), 60);
        Assert.Equal((0, 0), (original.RecentGrowth, restored.RecentGrowth));
    }

    [Fact]
    public void A_trend_restored_from_nothing_is_a_new_trend()
    {
        var trend = DemandTrend.Restore(null);

        Assert.Equal((0, 0d), (trend.RecentGrowth, trend.GrowthPerSecond));
        Assert.Equal(DemandTrend.Restore(new DemandTrend().Snapshot()).Snapshot(), trend.Snapshot());
    }

    [Fact]
    public void Trend_follows_steady_growth_and_decays_when_growth_stops()
    {
        var trend = new DemandTrend(TimeSpan.FromSeconds(30));
        for (var s = 0; s <= 300; s += 5)
        {
            trend = trend.Observe(TimeSpan.FromSeconds(s), s / 5 * 2); // 2 pods every 5 s
        }

        Assert.Equal(0.4, trend.GrowthPerSecond, 2);
        for (var s = 305; s <= 600; s += 5)
        {
            trend = trend.Observe(TimeSpan.FromSeconds(s), 120);
        }

        Assert.True(trend.GrowthPerSecond < 0.001);
        Assert.Equal(0, trend.Lookahead(TimeSpan.FromSeconds(100), 1)); // flat for a window: nothing ahead
    }

    [Theory]
    // window s, demand 60 s ago → now, token wait s, factor → addresses ahead
    [InlineData(600, 10, 40, 0, 1.0, 30)] // grew by 30 within the window: expect 30 more
    [InlineData(600, 10, 40, 0, 0.5, 15)]
    [InlineData(600, 10, 40, 0, 0.0, 0)] // disabled
    [InlineData(600, 40, 40, 0, 1.0, 0)] // not growing
    [InlineData(30, 10, 40, 1000, 1.0, 432)] // growth left the window, but a long token wait ahead: the rate (0.432/s) over it
    public void Lookahead_is_the_larger_of_recent_growth_and_growth_over_the_expected_wait(
        int windowSeconds, int before, int now, int waitSeconds, double factor, int expected)
    {
        var trend = new DemandTrend(TimeSpan.FromSeconds(windowSeconds));
        trend = trend.Observe(TimeSpan.Zero, before);
        trend = trend.Observe(TimeSpan.FromSeconds(60), now);
        trend = trend.Observe(TimeSpan.FromSeconds(60.001), now);
        Assert.Equal(expected, trend.Lookahead(TimeSpan.FromSeconds(waitSeconds), factor));
    }

    [Fact]
    public void Lookahead_sizes_the_call_beyond_the_target_but_never_changes_what_is_needed()
    {
        var context = Context(Fresh(), Prefix(), used: 20);
        var plain = Planner.Plan(context);
        var ahead = Planner.Plan(context with { Lookahead = 40 });

        Assert.Equal(plain.Targets.Needed, ahead.Targets.Needed);
        Assert.Equal(plain.LowerBoundCalls, ahead.LowerBoundCalls);
        Assert.Equal(2, Assert.IsType<AssignAddresses>(plain.Action).Count); // 28 → 2 prefixes
        Assert.Equal(5, Assert.IsType<AssignAddresses>(ahead.Action).Count); // 28 + 40 → 5 prefixes
    }

    [Fact]
    public void Lookahead_never_passes_the_instance_maximum()
    {
        var ahead = Planner.Plan(Context(Fresh(), Prefix(fii: 1), used: 100) with { Lookahead = 10_000 });

        // First interface index 1 on m5.large: at most 2 ENIs × 9 prefixes; one new ENI carries its 9.
        Assert.Equal(9, Assert.IsType<CreateInterface>(ahead.Action).Count);
    }
}
