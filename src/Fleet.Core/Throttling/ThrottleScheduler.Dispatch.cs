namespace Fleet.Core.Throttling;

/// <summary>The scheduler's granting: what can be granted now, when the next grant could be, and leases that ran out.</summary>
public sealed partial class ThrottleScheduler
{
    /// <summary>Grants every request that can be granted now, in urgency order.</summary>
    public IReadOnlyList<Grant> Dispatch()
    {
        var now = _time.GetUtcNow();
        ReclaimExpired(now);
        if (_clusters.ForgetIdle(now))
        {
            Reshare();
        }

        List<Grant>? grants = null;
        foreach (var lane in _lanes.Values)
        {
            if (lane.CriticalCount == 0 && lane.HousekeepingCount == 0)
            {
                continue;
            }

            lane.Adapt(now);
            while (lane.NextCritical() is { } part)
            {
                (grants ??= []).Add(GrantNext(lane, part, WorkClass.Critical, now));
            }
        }

        _dispatchAt = now;
        foreach (var lane in _lanes.Values)
        {
            while (lane.NextHousekeeping(_mayKeepHouse, _options.HousekeepingReserve) is { } part)
            {
                (grants ??= []).Add(GrantNext(lane, part, WorkClass.Housekeeping, now));
            }
        }

        return grants ?? (IReadOnlyList<Grant>)[];
    }

    /// <summary>When <see cref="Dispatch"/> could next grant something (null when nothing waits).</summary>
    public TimeSpan? NextDispatchIn()
    {
        TimeSpan? next = null;
        var now = _time.GetUtcNow();
        foreach (var lane in _lanes.Values)
        {
            next = Min(next, lane.NextIn(_clusters, _options.HousekeepingReserve, now));
        }

        return Min(next, _grants.NextExpiryIn(now, Lease));
    }

    private void ReclaimExpired(DateTimeOffset now)
    {
        foreach (var id in _grants.Expired(now, Lease))
        {
            Complete(id, CallOutcome.Sent);
        }
    }

    // The lease is EC2 time, like the other durations: a compressed run reclaims a lost grant as much sooner.
    private TimeSpan Lease => TimeSpan.FromTicks((long)(_options.GrantLease.Ticks / _options.TimeScale));

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : (a < b ? a : b);
}
