namespace Fleet.Core.Planning;

/// <summary>
/// What a <see cref="DemandTrend"/> needs to carry on after its grain moved to another silo: the rate, the last report,
/// and the lowest demand still within the window (the samples in between are not kept, so the restored recent growth
/// may lapse early, never late).
/// </summary>
/// <param name="GrowthPerSecond">The growth rate.</param>
/// <param name="LastSeconds">When the last report was seen (seconds on the caller's clock), if ever.</param>
/// <param name="LastTotal">Its used + pending.</param>
/// <param name="LowSeconds">When the lowest demand within the window was seen.</param>
/// <param name="LowTotal">That demand.</param>
public sealed record DemandTrendSnapshot(double GrowthPerSecond, double? LastSeconds, int LastTotal, double LowSeconds, int LowTotal);

/// <summary>
/// How a node's demand (used + pending) has been growing, for sizing calls ahead of it (<see cref="Lookahead"/>): the
/// growth rate (an exponentially weighted average of the growth between reports, falls counted as none) and the
/// recent growth (demand now minus the lowest demand seen within <see cref="Window"/>). An immutable value: pure, the
/// caller passes the time, and <see cref="Observe"/> returns the next trend.
/// </summary>
public sealed class DemandTrend
{
    private const int MaxSamples = 256;

    // The window's samples that can still be its lowest (a sample with a later one at or below it never will): totals
    // rise from front to back, so the front is the window's low — the latest of equal lows. A sample leaves at the front
    // once it is older than the window or more than MaxSamples reports back (a chatty agent: the memory stays bounded).
    private readonly LowSamples _lows;
    private readonly long _seen;
    private readonly double? _lastSeconds;
    private readonly int _lastTotal;

    /// <summary>A trend with no reports yet.</summary>
    /// <param name="window">How far back "recent" growth reaches, and the rate's time constant; default 5 minutes.</param>
    public DemandTrend(TimeSpan? window = null)
        : this(window ?? TimeSpan.FromMinutes(5), 0, default, 0, null, 0)
    {
    }

    private DemandTrend(TimeSpan window, double growth, LowSamples lows, long seen, double? lastSeconds, int lastTotal)
    {
        Window = window;
        GrowthPerSecond = growth;
        _lows = lows;
        _seen = seen;
        _lastSeconds = lastSeconds;
        _lastTotal = lastTotal;
    }

    /// <summary>How far back recent growth reaches.</summary>
    public TimeSpan Window { get; }

    /// <summary>The growth rate, addresses per second (0 until two reports were seen).</summary>
    public double GrowthPerSecond { get; }

    /// <summary>Demand now minus the lowest demand within the window (0 when it did not grow).</summary>
    public int RecentGrowth => _lows.IsEmpty ? 0 : Math.Max(_lastTotal - _lows.Front.Total, 0);

    /// <summary>The state to persist, small and fixed in size.</summary>
    public DemandTrendSnapshot Snapshot() =>
        _lows.IsEmpty
            ? new DemandTrendSnapshot(GrowthPerSecond, _lastSeconds, _lastTotal, 0, 0)
            : new DemandTrendSnapshot(GrowthPerSecond, _lastSeconds, _lastTotal, _lows.Front.Seconds, _lows.Front.Total);

    /// <summary>A trend that carries on from <paramref name="snapshot"/>.</summary>
    public static DemandTrend Restore(DemandTrendSnapshot? snapshot, TimeSpan? window = null)
    {
        var empty = new DemandTrend(window);
        if (snapshot?.LastSeconds is not { } last)
        {
            return empty;
        }

        var lows = default(LowSamples);
        var seen = 0;
        if (snapshot.LowSeconds < last)
        {
            lows = lows.Push(new LowSamples.Sample(++seen, snapshot.LowSeconds, snapshot.LowTotal));
        }

        lows = lows.Push(new LowSamples.Sample(++seen, last, snapshot.LastTotal));
        return new DemandTrend(empty.Window, snapshot.GrowthPerSecond, lows, seen, last, snapshot.LastTotal);
    }

    /// <summary>The trend after a report of <paramref name="total"/> = used + pending at <paramref name="at"/>.</summary>
    public DemandTrend Observe(TimeSpan at, int total)
    {
        var seconds = at.TotalSeconds;
        if (_lastSeconds is { } last && seconds < last)
        {
            return this; // out of order: ignore
        }

        var growth = GrowthPerSecond;
        if (_lastSeconds is { } previous && seconds > previous)
        {
            var elapsed = seconds - previous;
            var rate = Math.Max(total - _lastTotal, 0) / elapsed;
            var weight = 1 - Math.Exp(-elapsed / Window.TotalSeconds);
            growth += weight * (rate - growth);
        }

        var seen = _seen + 1;
        var lows = _lows.Push(new LowSamples.Sample(unchecked((int)seen), seconds, total), seconds - Window.TotalSeconds, unchecked((int)(seen - MaxSamples)));
        return new DemandTrend(Window, growth, lows, seen, seconds, total);
    }

    /// <summary>
    /// Addresses a call made anyway should fetch beyond the target: the larger of the growth expected before the node's
    /// next call can be served (growth rate × <paramref name="horizon"/>, the wait it just had for its token) and the
    /// growth of the last window — a node that grew by G recently is taken to grow by about G again, so during a ramp
    /// each call roughly doubles the node's capacity and the calls per ramp are logarithmic, not linear. Times
    /// <paramref name="factor"/>; 0 disables lookahead.
    /// </summary>
    public int Lookahead(TimeSpan horizon, double factor)
    {
        if (factor <= 0)
        {
            return 0;
        }

        var byWait = horizon > TimeSpan.Zero ? GrowthPerSecond * horizon.TotalSeconds : 0;
        return (int)Math.Round(Math.Max(byWait, RecentGrowth) * factor, MidpointRounding.AwayFromZero);
    }
}
