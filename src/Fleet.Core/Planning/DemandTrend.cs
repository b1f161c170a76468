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
/// recent growth (demand now minus the lowest demand seen within <see cref="Window"/>). Pure: the caller passes the
/// time. Not thread-safe.
/// </summary>
/// <param name="window">How far back "recent" growth reaches, and the rate's time constant; default 5 minutes.</param>
public sealed class DemandTrend(TimeSpan? window = null)
{
    private readonly Queue<(double Seconds, int Total)> _recent = new();
    private double? _lastSeconds;
    private int _lastTotal;

    /// <summary>How far back recent growth reaches.</summary>
    public TimeSpan Window { get; } = window ?? TimeSpan.FromMinutes(5);

    /// <summary>The growth rate, addresses per second (0 until two reports were seen).</summary>
    public double GrowthPerSecond { get; private set; }

    /// <summary>Demand now minus the lowest demand within the window (0 when it did not grow).</summary>
    public int RecentGrowth => _recent.Count == 0 ? 0 : Math.Max(_lastTotal - _recent.Min(r => r.Total), 0);

    /// <summary>The state to persist, small and fixed in size.</summary>
    public DemandTrendSnapshot Snapshot()
    {
        var low = (Seconds: 0d, Total: int.MaxValue);
        foreach (var sample in _recent)
        {
            low = sample.Total <= low.Total ? sample : low; // the latest of equal lows lapses last
        }

        return new DemandTrendSnapshot(GrowthPerSecond, _lastSeconds, _lastTotal, low.Seconds, _recent.Count == 0 ? 0 : low.Total);
    }

    /// <summary>A trend that carries on from <paramref name="snapshot"/>.</summary>
    public static DemandTrend Restore(DemandTrendSnapshot? snapshot, TimeSpan? window = null)
    {
        var trend = new DemandTrend(window);
        if (snapshot?.LastSeconds is { } last)
        {
            trend.GrowthPerSecond = snapshot.GrowthPerSecond;
            (trend._lastSeconds, trend._lastTotal) = (last, snapshot.LastTotal);
            if (snapshot.LowSeconds < last)
            {
                trend._recent.Enqueue((snapshot.LowSeconds, snapshot.LowTotal));
            }

            trend._recent.Enqueue((last, snapshot.LastTotal));
        }

        return trend;
    }

    /// <summary>Records a report of <paramref name="total"/> = used + pending at <paramref name="at"/>.</summary>
    public void Observe(TimeSpan at, int total)
    {
        var seconds = at.TotalSeconds;
        if (_lastSeconds is { } last && seconds < last)
        {
            return; // out of order: ignore
        }

        if (_lastSeconds is { } previous && seconds > previous)
        {
            var elapsed = seconds - previous;
            var rate = Math.Max(total - _lastTotal, 0) / elapsed;
            var weight = 1 - Math.Exp(-elapsed / Window.TotalSeconds);
            GrowthPerSecond += weight * (rate - GrowthPerSecond);
        }

        (_lastSeconds, _lastTotal) = (seconds, total);
        _recent.Enqueue((seconds, total));
        while (_recent.Count > 1 && _recent.Peek().Seconds < seconds - Window.TotalSeconds)
        {
            _recent.Dequeue();
        }

        while (_recent.Count > 256)
        {
            _recent.Dequeue(); // a chatty agent: keep the memory bounded
        }
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
