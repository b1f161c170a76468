namespace Fleet.Core.Throttling;

/// <summary>
/// The fleet-wide view of EC2's buckets (DESIGN §3.2): one lane per action, each with a token bucket mirroring EC2's
/// (scaled by the share Fleet may spend and by what throttles taught it), and two urgency queues. Critical requests
/// are granted in urgency order as tokens arrive; housekeeping is granted only when no critical request waits
/// anywhere and the bucket stays above its reserve. A requester holds at most one grant at a time; a request made
/// while holding one waits until that grant completes. Pure and deterministic: time comes from the
/// <see cref="TimeProvider"/>; the caller decides when to <see cref="Dispatch"/> (after each event and at
/// <see cref="NextDispatchIn"/>). Not thread-safe: the throttle grain and the simulator call it from one thread.
/// </summary>
public sealed class ThrottleScheduler
{
    private readonly ThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<Ec2Action, ThrottleLane> _lanes = [];
    private readonly Dictionary<string, (Ec2Action Action, WorkClass Class)> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Ec2Action Action, Urgency Urgency)> _deferred = new(StringComparer.Ordinal);
    private readonly GrantLedger _grants;
    private int _criticalWaiting;
    private DateTimeOffset _lastCriticalActivity = DateTimeOffset.MinValue;

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
        foreach (var action in Enum.GetValues<Ec2Action>())
        {
            var spec = options.BucketFor(action);
            _lanes[action] = new ThrottleLane(action, spec, options, time, resume?.TokensFor(spec));
        }

        _grants = new GrantLedger(resume?.FirstGrantId ?? 1);
    }

    /// <summary>Grants not yet completed.</summary>
    public int Outstanding => _grants.Count;

    /// <summary>Requests waiting for a token (critical and housekeeping).</summary>
    public int Waiting => _waiting.Count + _deferred.Count;

    /// <summary>
    /// Asks for a token. Asking again replaces the earlier request (new action or urgency) and keeps its place in line
    /// if the action is the same. A requester that has just (re)started passes <paramref name="holdsNothing"/>: any
    /// grant the scheduler thinks it holds was lost with its previous life and is reclaimed (counted as spent).
    /// </summary>
    public void Request(string requester, Ec2Action action, Urgency urgency, bool holdsNothing = false)
    {
        if (holdsNothing && _grants.TryHeldBy(requester, out var stale))
        {
            _deferred.Remove(requester);
            Complete(stale, CallOutcome.Sent);
        }

        if (_grants.TryHeldBy(requester, out _))
        {
            _deferred[requester] = (action, urgency);
            return;
        }

        if (_waiting.TryGetValue(requester, out var current) && (current.Action != action || current.Class != urgency.Class))
        {
            Withdraw(requester);
        }

        _lanes[action].QueueFor(urgency.Class).Enqueue(requester, urgency, _time.GetUtcNow());
        if (urgency.Class == WorkClass.Critical)
        {
            _lastCriticalActivity = _time.GetUtcNow();
        }

        if (_waiting.TryAdd(requester, (action, urgency.Class)) && urgency.Class == WorkClass.Critical)
        {
            _criticalWaiting++;
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

        _lanes[current.Action].QueueFor(current.Class).Remove(requester);
        if (current.Class == WorkClass.Critical)
        {
            _criticalWaiting--;
        }

        return true;
    }

    /// <summary>Takes a token at once for a call that does not queue (batched describes); false if none is free.</summary>
    public bool TryAcquire(Ec2Action action)
    {
        var lane = _lanes[action];
        lane.Adapt(_time.GetUtcNow());
        if (lane.Critical.Count > 0 || !lane.Bucket.TryTake())
        {
            return false;
        }

        lane.Granted++;
        return true;
    }

    /// <summary>How long until <see cref="TryAcquire"/> could succeed for an action.</summary>
    public TimeSpan TimeUntilAvailable(Ec2Action action)
    {
        var lane = _lanes[action];
        lane.Adapt(_time.GetUtcNow());
        return lane.Bucket.TimeUntilAvailable();
    }

    /// <summary>Grants every request that can be granted now, in urgency order.</summary>
    public IReadOnlyList<Grant> Dispatch()
    {
        var now = _time.GetUtcNow();
        ReclaimExpired(now);
        var grants = new List<Grant>();
        foreach (var lane in _lanes.Values)
        {
            if (lane.Critical.Count == 0 && lane.Housekeeping.Count == 0)
            {
                continue;
            }

            lane.Adapt(now);
            while (lane.Critical.Count > 0 && lane.Bucket.TryTake())
            {
                grants.Add(GrantNext(lane, lane.Critical, WorkClass.Critical, now));
            }
        }

        if (NoCriticalWork && now >= QuietUntil)
        {
            foreach (var lane in _lanes.Values)
            {
                var reserve = lane.Bucket.Capacity * _options.HousekeepingReserve;
                while (lane.Housekeeping.Count > 0 && lane.Bucket.Available - 1 >= reserve - 1e-9 && lane.Bucket.TryTake())
                {
                    grants.Add(GrantNext(lane, lane.Housekeeping, WorkClass.Housekeeping, now));
                }
            }
        }

        return grants;
    }

    /// <summary>When <see cref="Dispatch"/> could next grant something (null when nothing waits).</summary>
    public TimeSpan? NextDispatchIn()
    {
        TimeSpan? next = null;
        var now = _time.GetUtcNow();
        foreach (var lane in _lanes.Values)
        {
            TimeSpan? wait = null;
            if (lane.Critical.Count > 0)
            {
                lane.Adapt(now);
                wait = lane.Bucket.TimeUntilAvailable();
            }
            else if (lane.Housekeeping.Count > 0 && NoCriticalWork)
            {
                lane.Adapt(now);
                wait = lane.Bucket.TimeUntilAvailable(1 + (lane.Bucket.Capacity * _options.HousekeepingReserve));
                var quiet = QuietUntil - now;
                wait = wait < quiet ? quiet : wait;
            }

            next = Min(next, wait);
        }

        return Min(next, _grants.NextExpiryIn(now, Lease));
    }

    /// <summary>Records what happened to a grant; a throttle teaches the lane, an unused token goes back.</summary>
    public void Complete(long grantId, CallOutcome outcome)
    {
        if (!_grants.TryClose(grantId, out var grant))
        {
            return;
        }

        if (grant.Class == WorkClass.Critical)
        {
            _lastCriticalActivity = _time.GetUtcNow();
        }

        var lane = _lanes[grant.Action];
        switch (outcome)
        {
            case CallOutcome.Throttled:
                lane.Adaptive.OnThrottled(_time.GetUtcNow());
                lane.Bucket.Drain();
                break;
            case CallOutcome.Unused:
                lane.Bucket.Return();
                lane.Returned++;
                break;
        }

        if (_deferred.Remove(grant.Requester, out var next))
        {
            Request(grant.Requester, next.Action, next.Urgency);
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
            return refill <= 0 ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(Math.Max(lane.Critical.Count + 1 - lane.Bucket.Available, 0) / refill);
        }

        return new Planning.PathWaits(Wait(Ec2Action.AssignPrivateIpAddresses), Wait(Ec2Action.CreateNetworkInterface), Wait(Ec2Action.AttachNetworkInterface));
    }

    /// <summary>The state of every lane, for the dashboard and metrics.</summary>
    public IReadOnlyList<LaneSnapshot> Snapshot()
    {
        var now = _time.GetUtcNow();
        return [.. _lanes.Values.Select(l =>
        {
            l.Adapt(now);
            return new LaneSnapshot(l.Action, l.Configured, l.Bucket.RefillPerSecond, l.Bucket.Available, l.Critical.Count,
                l.Housekeeping.Count, l.Granted, l.Returned, l.Throttled, l.Adaptive.Factor(now), l.TotalWait);
        })];
    }

    private Grant GrantNext(ThrottleLane lane, UrgencyQueue<string> queue, WorkClass workClass, DateTimeOffset now)
    {
        queue.TryDequeue(out var requester, out _, out var arrived);
        _waiting.Remove(requester);
        if (workClass == WorkClass.Critical)
        {
            _criticalWaiting--;
        }

        var grant = _grants.Issue(requester, lane.Action, workClass, now, now - arrived);
        lane.Granted++;
        lane.TotalWait += grant.Waited;
        return grant;
    }

    private void ReclaimExpired(DateTimeOffset now)
    {
        foreach (var id in _grants.Expired(now, Lease))
        {
            Complete(id, CallOutcome.Sent);
        }
    }

    // Housekeeping waits while any critical call waits for a token or is in flight (its holder will ask again),
    // and then for a quiet period, since nodes still discovering their instance have not asked yet.
    private bool NoCriticalWork => _criticalWaiting == 0 && _grants.CriticalCount == 0;

    private DateTimeOffset QuietUntil => _lastCriticalActivity == DateTimeOffset.MinValue
        ? DateTimeOffset.MinValue
        : _lastCriticalActivity + TimeSpan.FromTicks((long)(_options.HousekeepingQuietPeriod.Ticks / _options.TimeScale));

    // The lease is EC2 time, like the other durations: a compressed run reclaims a lost grant as much sooner.
    private TimeSpan Lease => TimeSpan.FromTicks((long)(_options.GrantLease.Ticks / _options.TimeScale));

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
