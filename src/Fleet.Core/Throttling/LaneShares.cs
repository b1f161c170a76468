namespace Fleet.Core.Throttling;

/// <summary>
/// How several clusters share one lane's bucket: each holds a credit — the tokens of the bucket kept for it, refilled at
/// its share of the refill up to its share of the capacity — and the bucket always holds at least the credits together.
/// A cluster is served from its credit first (its guaranteed share, burst included), and may borrow only the tokens no
/// other cluster's credit holds: unused share flows to whoever needs it, never what another cluster is owed. Weighted
/// fair sharing in the manner of a hierarchical token bucket, over EC2's real bucket.
/// </summary>
internal sealed class LaneShares(TokenBucket bucket, TimeProvider time, UrgencyPolicy urgency)
{
    private const double Epsilon = 1e-9;
    private readonly TokenBucket _bucket = bucket;
    private readonly SortedDictionary<string, ClusterLane> _clusters = new(StringComparer.Ordinal);
    private long _creditStamp;
    private ClusterLane? _only;

    /// <summary>Whether several clusters share the bucket (with one, credits are not kept: the bucket is the cluster's).</summary>
    public bool Shared => _clusters.Count > 1;

    /// <summary>Every cluster's part, in ordinal order of the names.</summary>
    public IEnumerable<ClusterLane> All => _clusters.Values;

    /// <summary>The only cluster's part, when there is one.</summary>
    public ClusterLane? Only
    {
        get
        {
            if (_clusters.Count != 1)
            {
                return null;
            }

            // Read on every dispatch: kept rather than enumerated (a sorted dictionary's enumerator allocates).
            if (_only is null || !ReferenceEquals(_clusters.GetValueOrDefault(_only.Cluster), _only))
            {
                _only = _clusters.Values.First();
            }

            return _only;
        }
    }

    public ClusterLane Of(string cluster) => _clusters[cluster];

    public bool TryGet(string cluster, out ClusterLane part) => _clusters.TryGetValue(cluster, out part!);

    /// <summary>A grant was taken from <paramref name="part"/>: its credit pays (a borrower's credit is spent whole).</summary>
    public void Charge(ClusterLane part)
    {
        if (Shared)
        {
            part.Credit = Math.Max(part.Credit - 1, 0);
        }
    }

    /// <summary>A token of <paramref name="cluster"/>'s came back unused.</summary>
    public void Refund(string cluster)
    {
        if (Shared && _clusters.TryGetValue(cluster, out var part))
        {
            part.Credit = Math.Min(part.Credit + 1, part.Cap);
        }
    }

    /// <summary>A token was taken for every cluster (a batched describe): each credit pays its share.</summary>
    public void ChargeAll()
    {
        if (Shared)
        {
            foreach (var part in _clusters.Values)
            {
                part.Credit = Math.Max(part.Credit - part.Share, 0);
            }
        }
    }

    /// <summary>Gives each cluster its share (clusters not listed are gone: nothing of theirs waits or is held).</summary>
    public void Reshare(IReadOnlyList<(string Cluster, double Share)> shares)
    {
        var wasShared = Shared;
        if (wasShared)
        {
            RefillCredits();
        }

        var tokens = _bucket.Available;
        foreach (var gone in _clusters.Keys.Where(k => !shares.Any(s => s.Cluster == k)).ToList())
        {
            _clusters.Remove(gone);
        }

        double held = 0;
        var added = new List<ClusterLane>();
        foreach (var (cluster, share) in shares)
        {
            if (!_clusters.TryGetValue(cluster, out var part))
            {
                _clusters[cluster] = part = new ClusterLane(cluster, urgency);
                added.Add(part);
            }

            part.Share = share;
            part.Cap = _bucket.Capacity * share;
            if (!added.Contains(part))
            {
                part.Credit = Math.Min(wasShared ? part.Credit : tokens, part.Cap);
                held += part.Credit;
            }
        }

        // A cluster new to the lane gets what no other cluster's credit holds, up to its share.
        foreach (var part in added)
        {
            part.Credit = Math.Min(part.Cap, Math.Max(tokens - held, 0));
            held += part.Credit;
        }

        _creditStamp = time.GetTimestamp();
    }

    /// <summary>Refills every credit for the time elapsed, then keeps their sum within the bucket's tokens.</summary>
    public void RefillCredits()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_creditStamp, now).TotalSeconds;
        _creditStamp = now;
        var refill = _bucket.RefillPerSecond;
        double sum = 0;
        foreach (var part in _clusters.Values)
        {
            if (elapsed > 0)
            {
                part.Credit = Math.Min(part.Cap, part.Credit + (elapsed * refill * part.Share));
            }

            sum += part.Credit;
        }

        // A throttle drained the bucket, or a batched describe took from it: the credits shrink with it.
        var tokens = _bucket.Available;
        if (sum > tokens + Epsilon)
        {
            var scale = sum <= 0 ? 0 : tokens / sum;
            foreach (var part in _clusters.Values)
            {
                part.Credit *= scale;
            }
        }
    }

    /// <summary>
    /// The cluster whose first request of a class may be granted now, or null: those that can pay from their credit first,
    /// then those that can borrow without spending tokens another cluster's credit holds, each group in the urgency order
    /// of the queues' heads. <paramref name="reserve"/> (a fraction of the capacity) stays in the credit or the bucket.
    /// </summary>
    public ClusterLane? Pick(WorkClass workClass, Func<string, bool> may, double reserve)
    {
        RefillCredits();
        var tokens = _bucket.Available;
        if (tokens + Epsilon < 1)
        {
            return null;
        }

        var sum = _clusters.Values.Sum(p => p.Credit);
        ClusterLane? best = null;
        var bestOwn = false;
        foreach (var part in _clusters.Values)
        {
            var queue = part.QueueFor(workClass);
            if (queue.Count == 0 || !may(part.Cluster))
            {
                continue;
            }

            var own = part.Credit + Epsilon >= OwnThreshold(part, reserve);
            if (!own && tokens - 1 + Epsilon < sum - part.Credit + (_bucket.Capacity * reserve))
            {
                continue; // borrowing would spend tokens another cluster's credit holds
            }

            if (best is null || (own && !bestOwn) || (own == bestOwn && ClusterLane.HeadBefore(queue, best.QueueFor(workClass))))
            {
                (best, bestOwn) = (part, own);
            }
        }

        return best;
    }

    // A credit smaller than one token (a tiny bucket split many ways) is spent whole when it is full.
    private static double OwnThreshold(ClusterLane part, double reserve) => Math.Min(1 + (part.Cap * reserve), Math.Max(part.Cap, Epsilon));

    /// <summary>How long until <paramref name="part"/>'s first request of a class could be granted; credits are refilled.</summary>
    public TimeSpan? Until(ClusterLane part, WorkClass workClass, double reserve)
    {
        var refill = _bucket.RefillPerSecond;
        var token = _bucket.TimeUntilAvailable();
        if (token == Timeout.InfiniteTimeSpan || refill <= 0)
        {
            return null;
        }

        // From its own credit, which refills at its share of the refill.
        var own = Seconds(OwnThreshold(part, reserve) - part.Credit, refill * part.Share);

        // Or by borrowing: the tokens beyond every other credit grow at the refill less what the other credits still take.
        var others = _clusters.Values.Where(p => p != part).ToList();
        var needed = 1 + others.Sum(p => p.Credit) + (_bucket.Capacity * reserve);
        var growth = refill - others.Where(p => p.Credit < p.Cap - Epsilon).Sum(p => refill * p.Share);
        var borrow = needed > _bucket.Capacity + Epsilon ? null : Seconds(needed - _bucket.Available, growth);

        var wait = own is null ? borrow : borrow is null ? own : Math.Min(own.Value, borrow.Value);
        return wait is { } seconds ? Max(token, TimeSpan.FromTicks((long)Math.Ceiling(seconds * TimeSpan.TicksPerSecond))) : null;
    }

    private static double? Seconds(double missing, double perSecond) =>
        missing <= Epsilon ? 0 : perSecond <= 0 ? null : missing / perSecond;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
