using Fleet.Core.Planning;

namespace Fleet.Core.Tests;

/// <summary>
/// The trend keeps only the samples that can still be the window's low; checked here against the definition itself:
/// demand now minus the lowest of the last 256 reports within the window.
/// </summary>
public sealed class DemandTrendModelTests
{
    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 300)]
    [InlineData(3, 5)]
    public void Recent_growth_equals_now_minus_the_lowest_of_the_window_for_any_report_sequence(int seed, int windowSeconds)
    {
        var random = new Random(seed);
        var window = TimeSpan.FromSeconds(windowSeconds);
        var trend = new DemandTrend(window);
        var reports = new List<(double Seconds, int Total)>();
        var ticks = 0L;
        for (var i = 0; i < 3_000; i++)
        {
            ticks += random.Next(4) == 0 ? 0 : (long)(random.NextDouble() * windowSeconds / 20 * TimeSpan.TicksPerSecond); // equal times too
            var seconds = TimeSpan.FromTicks(ticks).TotalSeconds;
            var total = random.Next(3) switch
            {
                0 => random.Next(0, 200),
                1 => (reports.Count > 0 ? reports[^1].Total : 0) + random.Next(0, 5), // a ramp
                _ => reports.Count > 0 ? reports[^1].Total : 0, // a repeat
            };
            reports.Add((seconds, total));
            trend = trend.Observe(TimeSpan.FromTicks(ticks), total);

            var inWindow = reports.Skip(Math.Max(0, reports.Count - 256)).Where(r => r.Seconds >= seconds - window.TotalSeconds).ToList();
            Assert.Equal(Math.Max(total - inWindow.Min(r => r.Total), 0), trend.RecentGrowth);

            var low = inWindow.Last(r => r.Total == inWindow.Min(x => x.Total)); // the latest of equal lows lapses last
            var snapshot = trend.Snapshot();
            Assert.Equal((low.Seconds, low.Total), (snapshot.LowSeconds, snapshot.LowTotal));
        }
    }

    [Fact]
    public void A_trend_is_a_value_reports_after_it_do_not_change_it_whatever_they_branch_into()
    {
        // Trends share storage with the trends they came from; every earlier value must still answer as it did.
        var random = new Random(5);
        var window = TimeSpan.FromSeconds(120);
        var kept = new List<(DemandTrend Trend, int Growth, DemandTrendSnapshot Snapshot)>();
        var trend = new DemandTrend(window);
        for (var i = 1; i <= 2_000; i++)
        {
            var at = TimeSpan.FromSeconds(i);
            var from = kept.Count > 0 && random.Next(4) == 0 ? kept[random.Next(kept.Count)].Trend : trend; // branch off an old one
            trend = from.Observe(at, random.Next(3) == 0 ? random.Next(0, 50) : 50 + i); // ramps, with falls
            kept.Add((trend, trend.RecentGrowth, trend.Snapshot()));
        }

        foreach (var (old, growth, snapshot) in kept)
        {
            Assert.Equal(growth, old.RecentGrowth);
            Assert.Equal(snapshot, old.Snapshot());
        }
    }

    [Fact]
    public void The_limit_of_256_reports_back_holds_when_the_report_numbers_wrap_around()
    {
        // A steady rise: every sample could still be the low, so only the limit drops them, across int.MaxValue.
        var lows = default(LowSamples);
        var seq = int.MaxValue - 100;
        for (var i = 0; i < 600; i++, seq = unchecked(seq + 1))
        {
            lows = lows.Push(new LowSamples.Sample(seq, i, i), notAtOrBelow: unchecked(seq - 256));
            Assert.Equal(Math.Max(0, i - 255), lows.Front.Total);
        }
    }
}
