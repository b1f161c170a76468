namespace Fleet.Core.Throttling;

/// <summary>
/// One EC2 action's bucket, its learned rate and, per cluster, two queues (critical, housekeeping). With one cluster the
/// lane is just the bucket and its queues; with several, <see cref="LaneShares"/> says whose turn it is.
/// </summary>
internal sealed class ThrottleLane
{
    private const double Epsilon = 1e-9;
    private readonly BucketSpec _spec;

    public ThrottleLane(Ec2Action action, BucketSpec spec, ThrottleOptions options, TimeProvider time, double? initialTokens = null)
    {
        Action = action;
        _spec = spec;
        Bucket = new TokenBucket(spec.Capacity, spec.RefillPerSecond, time, initialTokens);
        Adaptive = new AdaptiveRate(options.Adaptive.Compressed(options.TimeScale));
        Shares = new LaneShares(Bucket, time, options.Urgency.Compressed(options.TimeScale));
    }

    public Ec2Action Action { get; }

    public TokenBucket Bucket { get; }

    public AdaptiveRate Adaptive { get; }

    /// <summary>The clusters' parts of the lane.</summary>
    public LaneShares Shares { get; }

    public long Granted { get; set; }

    public long Returned { get; set; }

    public long Throttled => Adaptive.Throttles;

    public TimeSpan TotalWait { get; set; }

    public BucketSpec Configured => _spec;

    /// <summary>Critical requests waiting, every cluster's.</summary>
    public int CriticalCount { get; private set; }

    /// <summary>Housekeeping requests waiting, every cluster's.</summary>
    public int HousekeepingCount { get; private set; }

    /// <summary>Applies the learned rate before the bucket is read.</summary>
    public void Adapt(DateTimeOffset now) =>
        Bucket.Reconfigure(_spec.Capacity, _spec.RefillPerSecond * Adaptive.Factor(now));

    /// <summary>Queues a request (or updates a waiting one, keeping its place).</summary>
    public void Enqueue(string cluster, string requester, Urgency urgency, DateTimeOffset now)
    {
        var queue = Shares.Of(cluster).QueueFor(urgency.Class);
        var known = queue.Contains(requester);
        queue.Enqueue(requester, urgency, now);
        if (!known)
        {
            Count(urgency.Class, +1);
        }
    }

    /// <summary>Withdraws a waiting request.</summary>
    public void Remove(string cluster, string requester, WorkClass workClass)
    {
        if (Shares.TryGet(cluster, out var part) && part.QueueFor(workClass).Remove(requester))
        {
            Count(workClass, -1);
        }
    }

    /// <summary>Takes the first request of <paramref name="part"/>'s queue of <paramref name="workClass"/> and its token.</summary>
    public (string Requester, DateTimeOffset Arrived) Grant(ClusterLane part, WorkClass workClass)
    {
        part.QueueFor(workClass).TryDequeue(out var requester, out _, out var arrived);
        Count(workClass, -1);
        Bucket.TryTake();
        Shares.Charge(part);
        return (requester, arrived);
    }

    /// <summary>A token granted to <paramref name="cluster"/> comes back unused: to the bucket and to its credit.</summary>
    public void GiveBack(string cluster)
    {
        Bucket.Return();
        Returned++;
        Shares.Refund(cluster);
    }

    /// <summary>
    /// Takes a token for a call made for every cluster (a batched describe): only when no critical request waits on the
    /// lane; every cluster's credit pays its share of it.
    /// </summary>
    public bool TryTakeForAll()
    {
        if (Shares.Shared)
        {
            Shares.RefillCredits();
        }

        if (CriticalCount > 0 || !Bucket.TryTake())
        {
            return false;
        }

        Shares.ChargeAll();
        Granted++;
        return true;
    }

    /// <summary>The cluster whose first critical request may be granted now (with one cluster: when a token is there), or null.</summary>
    public ClusterLane? NextCritical()
    {
        if (CriticalCount == 0)
        {
            return null;
        }

        if (Shares.Only is { } only)
        {
            return Bucket.Available + Epsilon >= 1 ? only : null;
        }

        return Shares.Pick(WorkClass.Critical, _ => true, 0);
    }

    /// <summary>
    /// The cluster whose first housekeeping request may be granted now, or null. <paramref name="mayKeepHouse"/> says whether a
    /// cluster's housekeeping may run (none of its critical work waits or is in flight, and it has been quiet); the bucket,
    /// or with several clusters the cluster's credit, keeps <paramref name="reserve"/> of its capacity for the critical path.
    /// </summary>
    public ClusterLane? NextHousekeeping(Func<string, bool> mayKeepHouse, double reserve)
    {
        if (HousekeepingCount == 0)
        {
            return null;
        }

        if (Shares.Only is { } only)
        {
            return mayKeepHouse(only.Cluster) && Bucket.Available - 1 >= (Bucket.Capacity * reserve) - Epsilon ? only : null;
        }

        return Shares.Pick(WorkClass.Housekeeping, mayKeepHouse, reserve);
    }

    /// <summary>
    /// How long until a request of this lane could be granted (null when none waits that could be): a cluster's critical
    /// request, or its housekeeping when <paramref name="activity"/> says it may run (not before its quiet period ends).
    /// </summary>
    public TimeSpan? NextIn(IClusterActivity activity, double reserve, DateTimeOffset now)
    {
        if (CriticalCount == 0 && HousekeepingCount == 0)
        {
            return null;
        }

        if (Shares.Only is { } only)
        {
            if (CriticalCount > 0)
            {
                Adapt(now);
                return Bucket.TimeUntilAvailable();
            }

            if (!activity.NoCriticalWork(only.Cluster))
            {
                return null;
            }

            Adapt(now);
            var wait = Bucket.TimeUntilAvailable(1 + (Bucket.Capacity * reserve));
            var quiet = activity.QuietUntil(only.Cluster) - now;
            return wait < quiet ? quiet : wait;
        }

        Adapt(now);
        Shares.RefillCredits();
        TimeSpan? next = null;
        foreach (var part in Shares.All)
        {
            TimeSpan? wait = null;
            if (part.Critical.Count > 0)
            {
                wait = Shares.Until(part, WorkClass.Critical, 0);
            }
            else if (part.Housekeeping.Count > 0 && activity.NoCriticalWork(part.Cluster))
            {
                wait = Shares.Until(part, WorkClass.Housekeeping, reserve);
                var quiet = activity.QuietUntil(part.Cluster) - now;
                wait = wait is { } w && w < quiet ? quiet : wait;
            }

            next = wait is { } x && (next is null || x < next) ? x : next;
        }

        return next;
    }

    private void Count(WorkClass workClass, int delta)
    {
        if (workClass == WorkClass.Critical)
        {
            CriticalCount += delta;
        }
        else
        {
            HousekeepingCount += delta;
        }
    }
}

/// <summary>What the lanes ask the scheduler of a cluster's work as a whole.</summary>
internal interface IClusterActivity
{
    /// <summary>Whether none of the cluster's critical work waits for a token or is in flight.</summary>
    bool NoCriticalWork(string cluster);

    /// <summary>When the cluster's housekeeping may start (its critical work quiet long enough).</summary>
    DateTimeOffset QuietUntil(string cluster);
}
