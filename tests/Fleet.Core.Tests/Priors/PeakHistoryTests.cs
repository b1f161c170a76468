using Fleet.Core.Priors;

namespace Fleet.Core.Tests.Priors;

/// <summary>A group's decaying history of its nodes' peaks, and the quantile a new node is sized for.</summary>
public sealed class PeakHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan HalfLife = TimeSpan.FromDays(7);

    private static PeakHistory With(params int[] peaks)
    {
        var history = new PeakHistory(HalfLife, T0);
        foreach (var pods in peaks)
        {
            history.Add(new PeakSample(pods, T0));
        }

        return history;
    }

    [Theory]
    [InlineData(0.9, 9)]  // ten nodes peaking at 1..10: nine of ten are at or below 9
    [InlineData(0.5, 5)]
    [InlineData(1.0, 10)]
    [InlineData(0.01, 1)]
    public void The_quantile_is_the_smallest_peak_that_covers_that_share_of_nodes(double quantile, int expected)
    {
        Assert.Equal(expected, With(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).Quantile(quantile, minNodes: 3, T0));
    }

    [Fact]
    public void Too_little_history_says_nothing()
    {
        Assert.Null(With(40, 40).Quantile(0.9, minNodes: 3, T0));
        Assert.Null(new PeakHistory(HalfLife, T0).Quantile(0.9, minNodes: 0, T0));
    }

    [Fact]
    public void Three_peaks_recorded_a_minute_ago_are_three_nodes_worth()
    {
        // Decay makes them 2.99998 nodes; a group that just saw its third node must not wait for a fourth.
        Assert.Equal(40, With(40, 40, 40).Quantile(0.9, minNodes: 3, T0 + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_peak_counts_half_for_every_half_life_of_its_age()
    {
        var history = new PeakHistory(HalfLife, T0);
        for (var i = 0; i < 10; i++)
        {
            history.Add(new PeakSample(100, T0));
            history.Add(new PeakSample(20, T0 + (2 * HalfLife)));
        }

        var now = T0 + (2 * HalfLife);
        Assert.Equal(12.5, history.Nodes(now), 6); // 10 × ¼ + 10 × 1
        Assert.Equal(20, history.Quantile(0.8, 3, now)); // the recent peaks weigh 10 of 12.5
        Assert.Equal(100, history.Quantile(0.81, 3, now));
        Assert.Null(history.Quantile(0.9, 3, now + (30 * HalfLife))); // decayed below three nodes' worth
    }

    [Fact]
    public void A_replaced_peak_is_taken_out_exactly()
    {
        var history = With(30, 30, 30, 30);
        var early = new PeakSample(10, T0 + TimeSpan.FromHours(3));
        history.Add(early);
        Assert.Equal(10, history.Quantile(0.2, 3, T0));

        history.Remove(early);
        history.Add(new PeakSample(35, T0 + TimeSpan.FromHours(5)));

        Assert.Equal(30, history.Quantile(0.2, 3, T0));
        Assert.Equal(2, history.Bins); // 30 and 35: the 10 is gone
    }

    [Fact]
    public void A_history_survives_a_snapshot()
    {
        var history = With(12, 40, 40, 41, 90);
        history.Add(new PeakSample(300, T0 + TimeSpan.FromDays(1)));

        var restored = PeakHistory.Restore(history.Snapshot(), HalfLife);

        var now = T0 + TimeSpan.FromDays(2);
        foreach (var q in new[] { 0.1, 0.5, 0.9, 1.0 })
        {
            Assert.Equal(history.Quantile(q, 3, now), restored.Quantile(q, 3, now));
        }
    }

    [Fact]
    public void A_history_idle_for_years_carries_on_with_what_comes_next()
    {
        var history = With(40, 40, 40);
        var later = T0 + TimeSpan.FromDays(3650);
        foreach (var pods in new[] { 70, 70, 70 })
        {
            history.Add(new PeakSample(pods, later));
        }

        Assert.Equal(70, history.Quantile(0.1, 3, later)); // the old peaks decayed to nothing, without overflow
        Assert.Equal(3, history.Nodes(later), 6);
    }

    [Theory]
    [InlineData(256, 256)]
    [InlineData(257, 272)] // above 256 pods, whole /28 prefixes: rounded up
    [InlineData(300, 304)]
    public void Large_peaks_are_kept_by_whole_prefixes(int pods, int kept)
    {
        Assert.Equal(kept, With(pods, pods, pods).Quantile(0.5, 3, T0));
    }
}
