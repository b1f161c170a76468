using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Core.Throttling;
using Fleet.Grains.Hosting;
using Fleet.Grains.Metrics;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Throttle;

/// <summary>
/// The fleet-wide view of EC2's buckets for one account and region (DESIGN §3.2). All decisions are
/// <see cref="ThrottleScheduler"/>'s; this grain holds the requesters' references, pushes grants to them one-way,
/// and wakes itself when the next token is due.
/// </summary>
public sealed partial class ThrottleGrain : Grain, IThrottleGrain
{
    private readonly ThrottleScheduler _scheduler;
    private readonly ThrottleOptions _options;
    private readonly FleetClock _clock;
    private readonly AllocatorInstruments _instruments;
    private readonly ILogger<ThrottleGrain> _logger;
    private readonly Dictionary<string, ITokenHolder> _holders = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;

    /// <summary>Creates the grain.</summary>
    public ThrottleGrain(ThrottleOptions options, FleetClock clock, AllocatorInstruments instruments, ILogger<ThrottleGrain> logger)
    {
        _options = options;
        _clock = clock;
        _instruments = instruments;
        _logger = logger;
        _scheduler = new ThrottleScheduler(options, clock.Grains);
    }

    /// <inheritdoc />
    public Task Request(TokenRequest request)
    {
        Enqueue(request);
        Pump();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Withdraw(string requester)
    {
        _scheduler.Withdraw(requester);
        Pump();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Complete(long grantId, GrantOutcome outcome, TokenRequest? next)
    {
        _scheduler.Complete(grantId, outcome switch
        {
            GrantOutcome.Throttled => CallOutcome.Throttled,
            GrantOutcome.Unused => CallOutcome.Unused,
            _ => CallOutcome.Sent,
        });
        if (outcome == GrantOutcome.Throttled)
        {
            LogThrottled(_logger, grantId);
        }

        if (next is not null)
        {
            Enqueue(next);
        }

        Pump();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AcquireResult> TryAcquire(string action)
    {
        if (!Ec2ActionFacts.TryParse(action, out var parsed))
        {
            return Task.FromResult(new AcquireResult(false, TimeSpan.FromSeconds(1)));
        }

        return Task.FromResult(_scheduler.TryAcquire(parsed)
            ? new AcquireResult(true, TimeSpan.Zero)
            : new AcquireResult(false, _scheduler.TimeUntilAvailable(parsed)));
    }

    /// <inheritdoc />
    public Task ObserveThrottle(string action)
    {
        if (Ec2ActionFacts.TryParse(action, out var parsed))
        {
            _scheduler.ObserveThrottle(parsed);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ThrottleView> GetState()
    {
        var buckets = _scheduler.Snapshot()
            .Select(l => new BucketView(l.Action.ToString(), l.Configured.Capacity, l.Configured.RefillPerSecond, l.RefillPerSecond, l.Tokens,
                l.CriticalWaiting, l.HousekeepingWaiting, l.Granted, l.Returned, l.Throttled))
            .ToImmutableArray();
        return Task.FromResult(new ThrottleView(this.GetPrimaryKeyString(), _options.Share, _scheduler.Outstanding, _scheduler.Waiting, buckets,
            _clock.Grains.GetUtcNow()));
    }

    private void Enqueue(TokenRequest request)
    {
        if (!Ec2ActionFacts.TryParse(request.Action, out var parsed))
        {
            LogUnknownAction(_logger, request.Requester, request.Action);
            return;
        }

        _holders[request.Requester] = request.Holder;
        var urgency = request.Urgency;
        _scheduler.Request(request.Requester, parsed,
            new Urgency(urgency.Kind == WorkKind.Critical ? WorkClass.Critical : WorkClass.Housekeeping, urgency.PendingPods, urgency.Deficit),
            request.HoldsNothing);
    }

    private void Pump()
    {
        foreach (var grant in _scheduler.Dispatch())
        {
            _instruments.ThrottleWait.Record(grant.Waited.TotalSeconds, new KeyValuePair<string, object?>("action", grant.Action.ToString()));
            if (_holders.TryGetValue(grant.Requester, out var holder))
            {
                _ = holder.OnGranted(new TokenGrant(grant.Id, grant.Action.ToString(),
                    grant.Class == WorkClass.Critical ? WorkKind.Critical : WorkKind.Housekeeping, grant.GrantedAt, grant.Waited));
            }
            else
            {
                _scheduler.Complete(grant.Id, CallOutcome.Unused);
            }
        }

        _instruments.SetQueue(this.GetPrimaryKeyString(), _scheduler.Waiting);
        var next = _scheduler.NextDispatchIn();
        if (next is { } due)
        {
            due = due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due;
            if (_timer is null)
            {
                _timer = this.RegisterGrainTimer(static (self, _) => self.OnTimer(), this,
                    new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
            }
            else
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private Task OnTimer()
    {
        Pump();
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Throttle: {Requester} asked for unknown action {Action}")]
    private static partial void LogUnknownAction(ILogger logger, string requester, string action);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Throttle: grant {GrantId} was throttled by EC2; lowering the rate")]
    private static partial void LogThrottled(ILogger logger, long grantId);
}
