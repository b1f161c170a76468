namespace Fleet.Core.Throttling;

/// <summary>
/// The fleet-wide view of EC2's buckets (DESIGN §3.2): one lane per action, each with a token bucket mirroring EC2's
/// (scaled by the share Fleet may spend and by what throttles taught it), and per cluster two urgency queues. Critical
/// requests are granted in urgency order as tokens arrive; housekeeping is granted only when none of its cluster's
/// critical work waits or is in flight and the bucket stays above its reserve. Several clusters share every bucket by
/// weight (<see cref="ThrottleOptions.ClusterWeights"/>, see <see cref="ThrottleLane"/>): one cluster's burst never
/// takes the share another is owed. A requester holds at most one grant at a time; a request made while holding one
/// waits until that grant completes. Pure and deterministic: time comes from the <see cref="TimeProvider"/>; the caller
/// decides when to <see cref="Dispatch"/> (after each event and at <see cref="NextDispatchIn"/>). Not thread-safe: the
/// throttle grain and the simulator call it from one thread.
/// </summary>
public sealed partial class ThrottleScheduler
{
    /// <summary>The cluster of requests that name none: a Fleet serving one cluster need not name it.</summary>
    public const string UnnamedCluster = "";

    private readonly ThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<Ec2Action, ThrottleLane> _lanes = [];
    private readonly Dictionary<string, (Ec2Action Action, WorkClass Class, string Cluster)> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Ec2Action Action, Urgency Urgency, string Cluster)> _deferred = new(StringComparer.Ordinal);
    private readonly ClusterActivity _clusters;
    private readonly GrantLedger _grants;
    private readonly Func<string, bool> _mayKeepHouse;
    private DateTimeOffset _dispatchAt;

    /// <summary>
    /// Creates a scheduler; throws naming the field when the options are invalid. Buckets start full, unless
    /// <paramref name="resume"/> says an earlier scheduler may have spent them.
    /// </summary>
    public ThrottleScheduler(ThrottleOptions options, TimeProvider time, ThrottleResume? resume = null)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid throttle options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _time = time;
        // Whether a cluster may spend on housekeeping at the dispatch in progress (one delegate, not one per dispatch).
        _mayKeepHouse = cluster => _clusters!.NoCriticalWork(cluster) && _dispatchAt >= _clusters.QuietUntil(cluster);
        foreach (var action in Enum.GetValues<Ec2Action>())
        {
            var spec = options.BucketFor(action);
            _lanes[action] = new ThrottleLane(action, spec, options, time, resume?.TokensFor(spec));
        }

        _grants = new GrantLedger(resume?.FirstGrantId ?? 1);
        var refillTime = _lanes.Values.Max(l => l.Configured.RefillPerSecond <= 0 ? 0 : l.Configured.Capacity / l.Configured.RefillPerSecond);
        _clusters = new ClusterActivity(options, _grants, TimeSpan.FromSeconds(refillTime));
        if (_clusters.Registry.Count > 0)
        {
            Reshare();
        }
    }

    /// <summary>Grants not yet completed.</summary>
    public int Outstanding => _grants.Count;

    /// <summary>Requests waiting for a token (critical and housekeeping).</summary>
    public int Waiting => _waiting.Count + _deferred.Count;

    /// <summary>
    /// Asks for a token. Asking again replaces the earlier request (new action or urgency) and keeps its place in line
    /// if the action is the same. A requester that has just (re)started passes <paramref name="holdsNothing"/>: any
    /// grant the scheduler thinks it holds was lost with its previous life and is reclaimed (counted as spent).
    /// <paramref name="cluster"/> is the Kubernetes cluster the call is for (null: <see cref="UnnamedCluster"/>).
    /// </summary>
    public void Request(string requester, Ec2Action action, Urgency urgency, bool holdsNothing = false, string? cluster = null)
    {
        cluster ??= UnnamedCluster;
        if (holdsNothing && _grants.TryHeldBy(requester, out var stale))
        {
            _deferred.Remove(requester);
            Complete(stale, CallOutcome.Sent);
        }

        if (_grants.TryHeldBy(requester, out _))
        {
            _deferred[requester] = (action, urgency, cluster);
            return;
        }

        if (_waiting.TryGetValue(requester, out var current)
            && (current.Action != action || current.Class != urgency.Class || !string.Equals(current.Cluster, cluster, StringComparison.Ordinal)))
        {
            Withdraw(requester);
        }

        if (_clusters.Registry.Add(cluster))
        {
            Reshare();
        }

        var now = _time.GetUtcNow();
        _clusters.Seen(cluster, urgency.Class, now);
        _lanes[action].Enqueue(cluster, requester, urgency, now);
        if (_waiting.TryAdd(requester, (action, urgency.Class, cluster)))
        {
            _clusters.CountWaiting(cluster, urgency.Class, +1);
        }
    }

    /// <summary>Withdraws a waiting request (the requester no longer needs a call).</summary>
    public bool Withdraw(string requester)
    {
        var deferred = _deferred.Remove(requester);
        if (!_waiting.Remove(requester, out var current))
        {
            return deferred;
        }

        _lanes[current.Action].Remove(current.Cluster, requester, current.Class);
        _clusters.CountWaiting(current.Cluster, current.Class, -1);
        return true;
    }

    /// <summary>
    /// Takes a token at once for a call that does not queue and serves every cluster (batched describes); false if none is
    /// free. Every cluster's share pays its part of it.
    /// </summary>
    public bool TryAcquire(Ec2Action action)
    {
        var lane = _lanes[action];
        lane.Adapt(_time.GetUtcNow());
        return lane.TryTakeForAll();
    }

    /// <summary>How long until <see cref="TryAcquire"/> could succeed for an action.</summary>
    public TimeSpan TimeUntilAvailable(Ec2Action action)
    {
        var lane = _lanes[action];
        lane.Adapt(_time.GetUtcNow());
        return lane.Bucket.TimeUntilAvailable();
    }


    /// <summary>Records what happened to a grant; a throttle teaches the lane, an unused token goes back.</summary>
    public void Complete(long grantId, CallOutcome outcome)
    {
        if (!_grants.TryClose(grantId, out var grant))
        {
            return;
        }

        _clusters.Seen(grant.Cluster, grant.Class, _time.GetUtcNow());

        var lane = _lanes[grant.Action];
        switch (outcome)
        {
            case CallOutcome.Throttled:
                lane.Adaptive.OnThrottled(_time.GetUtcNow());
                lane.Bucket.Drain();
                break;
            case CallOutcome.Unused:
                lane.GiveBack(grant.Cluster);
                break;
        }

        if (_deferred.Remove(grant.Requester, out var next))
        {
            Request(grant.Requester, next.Action, next.Urgency, cluster: next.Cluster);
        }
    }

    /// <summary>Records a throttle seen outside a grant (e.g. a describe): the lane learns from it all the same.</summary>
    public void ObserveThrottle(Ec2Action action)
    {
        var lane = _lanes[action];
        lane.Adaptive.OnThrottled(_time.GetUtcNow());
        lane.Bucket.Drain();
    }

    /// <summary>
    /// How long a new critical request would wait for each capacity-adding token: the critical queue ahead of it (and
    /// itself) beyond the tokens in the bucket, over the refill (for the latency-first choice).
    /// </summary>
    public Planning.PathWaits PathWaits()
    {
        var now = _time.GetUtcNow();
        TimeSpan Wait(Ec2Action action)
        {
            var lane = _lanes[action];
            lane.Adapt(now);
            var refill = lane.Bucket.RefillPerSecond;
            return refill <= 0 ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(Math.Max(lane.CriticalCount + 1 - lane.Bucket.Available, 0) / refill);
        }

        return new Planning.PathWaits(Wait(Ec2Action.AssignPrivateIpAddresses), Wait(Ec2Action.CreateNetworkInterface), Wait(Ec2Action.AttachNetworkInterface));
    }

    /// <summary>Each known cluster's share of every bucket and its requests waiting, in ordinal order of the names.</summary>
    public IReadOnlyList<(string Cluster, double Share, int Waiting)> Clusters() =>
        [.. _clusters.Registry.Shares().Select(s => (s.Cluster, s.Share, _clusters.WaitingOf(s.Cluster)))];

    /// <summary>The state of every lane, for the dashboard and metrics.</summary>
    public IReadOnlyList<LaneSnapshot> Snapshot()
    {
        var now = _time.GetUtcNow();
        return [.. _lanes.Values.Select(l =>
        {
            l.Adapt(now);
            if (l.Shares.Shared)
            {
                l.Shares.RefillCredits();
            }

            return new LaneSnapshot(l.Action, l.Configured, l.Bucket.RefillPerSecond, l.Bucket.Available, l.CriticalCount,
                l.HousekeepingCount, l.Granted, l.Returned, l.Throttled, l.Adaptive.Factor(now), l.TotalWait)
            {
                Clusters = [.. l.Shares.All.Select(c => new ClusterShareSnapshot(c.Cluster, _clusters.Registry.WeightOf(c.Cluster), c.Share,
                    l.Shares.Shared ? c.Credit : l.Bucket.Available, c.Critical.Count, c.Housekeeping.Count, c.Granted, c.TotalWait))],
            };
        })];
    }

    private Grant GrantNext(ThrottleLane lane, ClusterLane part, WorkClass workClass, DateTimeOffset now)
    {
        var (requester, arrived) = lane.Grant(part, workClass);
        _waiting.Remove(requester);
        _clusters.CountWaiting(part.Cluster, workClass, -1);
        var grant = _grants.Issue(requester, lane.Action, workClass, now, now - arrived, part.Cluster);
        lane.Granted++;
        lane.TotalWait += grant.Waited;
        part.Granted++;
        part.TotalWait += grant.Waited;
        return grant;
    }

    private void Reshare()
    {
        var shares = _clusters.Registry.Shares();
        foreach (var lane in _lanes.Values)
        {
            lane.Shares.Reshare(shares);
        }
    }
}
