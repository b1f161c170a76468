namespace Fleet.Cli.Load;

/// <summary>Report latencies in timestamp ticks, one list per worker (no locks), merged into percentiles at the end.</summary>
internal sealed class LatencyStats
{
    private readonly List<List<long>> _workers = [];

    /// <summary>A list for one worker to add to; read only after the workers are done.</summary>
    public List<long> ForWorker()
    {
        var list = new List<long>(4096);
        lock (_workers)
        {
            _workers.Add(list);
        }

        return list;
    }

    /// <summary>How many latencies were recorded.</summary>
    public int Count => _workers.Sum(w => w.Count);

    /// <summary>p50, p90, p99 and the maximum in milliseconds (nearest rank); zeros when nothing was recorded.</summary>
    public LatencyFigures Percentiles(long ticksPerSecond)
    {
        var all = _workers.SelectMany(w => w).ToArray();
        if (all.Length == 0)
        {
            return new LatencyFigures(0, 0, 0, 0);
        }

        Array.Sort(all);
        double Ms(long ticks) => Math.Round(ticks * 1000.0 / ticksPerSecond, 2);
        long Rank(double p) => all[Math.Clamp((int)Math.Ceiling(all.Length * p) - 1, 0, all.Length - 1)];
        return new LatencyFigures(Ms(Rank(0.50)), Ms(Rank(0.90)), Ms(Rank(0.99)), Ms(all[^1]));
    }
}

/// <summary>Report latency percentiles, in milliseconds.</summary>
internal sealed record LatencyFigures(double P50, double P90, double P99, double Max);
