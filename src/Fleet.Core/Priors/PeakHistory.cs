using System.Collections.Immutable;

namespace Fleet.Core.Priors;

/// <summary>
/// A node group's history of its nodes' peak demand, as a decaying distribution: each peak weighs
/// 2^(−age / half-life), so the group follows its workload as it changes. Kept with forward decay (Cormode et al.,
/// "Forward Decay: A Practical Time Decay Model for Streaming Systems", ICDE 2009): a peak is stored with weight
/// 2^((t − landmark) / half-life), fixed at insertion, so it can also be taken out again exactly (a node whose peak rose
/// replaces its earlier one), and the decay of all peaks is one factor applied when reading. Peaks are counted exactly up
/// to 256 pods and by whole /28 prefixes (16) above, so the history stays small whatever the agents report. Pure: the
/// caller passes the time. Not thread-safe: the node group grain and the simulator each keep theirs in one place.
/// </summary>
public sealed class PeakHistory
{
    private const int ExactUpTo = 256;
    private const int MaxPods = 100_000;
    private const double RenormalizeAt = 1 << 20; // a landmark this many half-lives of growth old is moved forward
    private const double Negligible = 1e-6;       // of one node: a bin lighter than this after decay is dropped
    private const double CountSlack = 1e-3;       // of one node: MinNodes peaks recorded moments ago still count as MinNodes
    private readonly SortedDictionary<int, double> _bins = [];
    private DateTimeOffset _landmark;

    // The undecayed total and the last quantile asked, until the bins change: decay scales every weight alike, so a
    // quantile does not move with time, and nodes read it far more often than peaks are recorded.
    private (double Total, double Quantile, int? Pods)? _read;

    /// <summary>An empty history.</summary>
    /// <param name="halfLife">How long until a peak counts half (<see cref="PriorOptions.Window"/>).</param>
    /// <param name="landmark">The time weights are relative to (any time; the first peak's is a good one).</param>
    public PeakHistory(TimeSpan halfLife, DateTimeOffset landmark)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(halfLife, TimeSpan.Zero);
        HalfLife = halfLife;
        _landmark = landmark;
    }

    /// <summary>How long until a peak counts half.</summary>
    public TimeSpan HalfLife { get; }

    /// <summary>Distinct peak values kept.</summary>
    public int Bins => _bins.Count;

    /// <summary>Adds a node's peak.</summary>
    public void Add(PeakSample peak)
    {
        Renormalize(peak.At);
        var bin = Bin(peak.Pods);
        _bins[bin] = _bins.GetValueOrDefault(bin) + Weight(peak.At);
        _read = null;
    }

    /// <summary>Takes out a peak added before (a node whose peak rose replaces it); a peak never added changes nothing.</summary>
    public void Remove(PeakSample peak)
    {
        var bin = Bin(peak.Pods);
        if (!_bins.TryGetValue(bin, out var weight))
        {
            return;
        }

        _read = null;
        var left = weight - Weight(peak.At);
        if (left <= Negligible * Weight(peak.At))
        {
            _bins.Remove(bin);
        }
        else
        {
            _bins[bin] = left;
        }
    }

    /// <summary>How many nodes' worth of peaks the history holds at <paramref name="now"/>, after decay.</summary>
    public double Nodes(DateTimeOffset now) => _bins.Values.Sum() * Decay(now);

    /// <summary>
    /// The smallest peak that at least <paramref name="quantile"/> of the (decayed) weight is at or below; null when the
    /// history holds fewer than <paramref name="minNodes"/> nodes' worth.
    /// </summary>
    public int? Quantile(double quantile, double minNodes, DateTimeOffset now)
    {
        if (_read is not { } read)
        {
            _read = read = (_bins.Values.Sum(), double.NaN, null);
        }

        var total = read.Total;
        if (total <= 0 || total * Decay(now) < minNodes - CountSlack)
        {
            return null;
        }

        if (read.Quantile.Equals(quantile))
        {
            return read.Pods;
        }

        var pods = Find(quantile, total);
        _read = (total, quantile, pods);
        return pods;
    }

    private int Find(double quantile, double total)
    {
        var wanted = Math.Clamp(quantile, 0, 1) * total * (1 - 1e-12); // a hair under, against rounding at an exact boundary
        var running = 0d;
        foreach (var (pods, weight) in _bins)
        {
            running += weight;
            if (running >= wanted)
            {
                return pods;
            }
        }

        return _bins.Keys.Last();
    }

    /// <summary>What to persist.</summary>
    public PeakHistorySnapshot Snapshot() => new(_landmark, [.. _bins.Select(b => new PeakBin(b.Key, b.Value))]);

    /// <summary>A history that carries on from <paramref name="snapshot"/>.</summary>
    public static PeakHistory Restore(PeakHistorySnapshot snapshot, TimeSpan halfLife)
    {
        var history = new PeakHistory(halfLife, snapshot.Landmark);
        foreach (var bin in snapshot.Bins)
        {
            if (bin.Weight > 0 && double.IsFinite(bin.Weight))
            {
                history._bins[Bin(bin.Pods)] = history._bins.GetValueOrDefault(Bin(bin.Pods)) + bin.Weight;
            }
        }

        return history;
    }

    /// <summary>The bin a peak falls in: exact up to 256 pods, then rounded up to a whole /28 prefix.</summary>
    private static int Bin(int pods)
    {
        var clamped = Math.Clamp(pods, 0, MaxPods);
        return clamped <= ExactUpTo ? clamped : (clamped + 15) / 16 * 16;
    }

    private double Weight(DateTimeOffset at) => Math.Pow(2, (at - _landmark) / HalfLife);

    private double Decay(DateTimeOffset now) => Math.Pow(2, -((now - _landmark) / HalfLife));

    /// <summary>Moves the landmark forward before weights grow large; drops peaks that have decayed to nothing.</summary>
    private void Renormalize(DateTimeOffset at)
    {
        var weight = Weight(at);
        if (weight < RenormalizeAt)
        {
            return;
        }

        _read = null;
        foreach (var pods in _bins.Keys.ToList())
        {
            var scaled = _bins[pods] / weight;
            if (scaled < Negligible)
            {
                _bins.Remove(pods);
            }
            else
            {
                _bins[pods] = scaled;
            }
        }

        _landmark = at;
    }
}

/// <summary>A <see cref="PeakHistory"/> as persisted.</summary>
/// <param name="Landmark">The time weights are relative to.</param>
/// <param name="Bins">Each peak value and its forward-decay weight.</param>
public sealed record PeakHistorySnapshot(DateTimeOffset Landmark, ImmutableArray<PeakBin> Bins);

/// <summary>One peak value of a <see cref="PeakHistory"/> and its weight.</summary>
/// <param name="Pods">The peak.</param>
/// <param name="Weight">Its forward-decay weight.</param>
public readonly record struct PeakBin(int Pods, double Weight);
