using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;
using Fleet.Core.Node;
using Fleet.Core.Throttling;
using Fleet.Grains.Hosting;
using Fleet.Grains.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Throttle;

/// <summary>
/// The fleet-wide view of EC2's buckets for one account and region (DESIGN §3.2). All decisions are
/// <see cref="ThrottleScheduler"/>'s; this grain holds the requesters' references, pushes grants to them one-way,
/// and wakes itself when the next token is due. Its scheduler lives in memory; what a successor needs after the silo
/// died is persisted (<see cref="ThrottleGrainState"/>): before grants leave, a time no grant is made after, written
/// at most every <see cref="SpendHorizon"/> / 2; a successor's buckets start with what EC2 refilled since then.
/// </summary>
public sealed partial class ThrottleGrain : Grain, IThrottleGrain, IThrottleView
{
    private static readonly TimeSpan SpendHorizon = TimeSpan.FromSeconds(10);
    private readonly IPersistentState<ThrottleGrainState> _store;
    private ThrottleScheduler _scheduler = null!;
    private readonly ThrottleOptions _options;
    private readonly string _defaultCluster;
    private readonly FleetClock _clock;
    private readonly AllocatorInstruments _instruments;
    private readonly ILogger<ThrottleGrain> _logger;
    private readonly Dictionary<string, ITokenHolder> _holders = new(StringComparer.Ordinal);
    private IGrainTimer? _timer;
    private bool _waking; // in the timer's own callback: changing that timer would arm it only when the callback ends

    /// <summary>Creates the grain.</summary>
    public ThrottleGrain(
        [PersistentState("throttle", "fleet")] IPersistentState<ThrottleGrainState> store,
        ThrottleOptions options,
        IOptions<AllocatorOptions> allocator,
        FleetClock clock,
        AllocatorInstruments instruments,
        ILogger<ThrottleGrain> logger)
    {
        _store = store;
        _options = options;
        _defaultCluster = allocator.Value.ClusterName;
        _clock = clock;
        _instruments = instruments;
        _logger = logger;
    }

    private DateTimeOffset Now => _clock.Grains.GetUtcNow();

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var state = _store.State;
        ThrottleResume? resume = null;
        if (state.Epoch > 0)
        {
            var since = state.SpentUntil is { } until ? Now - until : TimeSpan.MaxValue;
            resume = new ThrottleResume(since, (state.Epoch + 1) << 32);
            LogResumed(_logger, this.GetPrimaryKeyString(), state.Epoch + 1, since);
        }

        _scheduler = new ThrottleScheduler(_options, _clock.Grains, resume);
        state.Epoch++;
        try
        {
            await _store.WriteStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPersistFailed(_logger, this.GetPrimaryKeyString(), e.Message); // serve anyway: tokens matter more than ids
        }
    }

    /// <inheritdoc />
    public Task Request(TokenRequest request)
    {
        Enqueue(request);
        return Pump();
    }

    /// <inheritdoc />
    public Task Withdraw(string requester)
    {
        _scheduler.Withdraw(requester);
        return Pump();
    }

    /// <inheritdoc />
    public Task Complete(long grantId, CallOutcome outcome, TokenRequest? next)
    {
        _scheduler.Complete(grantId, outcome);
        if (outcome == CallOutcome.Throttled)
        {
            LogThrottled(_logger, grantId);
        }

        if (next is not null)
        {
            Enqueue(next);
        }

        return Pump();
    }

    /// <inheritdoc />
    public async Task<AcquireResult> TryAcquire(Ec2Action action)
    {
        if (!_scheduler.TryAcquire(action))
        {
            return new AcquireResult(false, _scheduler.TimeUntilAvailable(action));
        }

        await CoverSpendAsync();
        return new AcquireResult(true, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public Task ObserveThrottle(Ec2Action action)
    {
        _scheduler.ObserveThrottle(action);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ThrottleView> GetView() => GetState();

    /// <inheritdoc />
    public Task<ThrottleView> GetState()
    {
        var buckets = _scheduler.Snapshot()
            .Select(l => new BucketView(l.Action.ToString(), l.Configured.Capacity, l.Configured.RefillPerSecond, l.RefillPerSecond, l.Tokens,
                l.CriticalWaiting, l.HousekeepingWaiting, l.Granted, l.Returned, l.Throttled)
            {
                Clusters = [.. l.Clusters.Select(c => new ClusterShareView(c.Cluster, c.Weight, c.Share, c.Credit, c.CriticalWaiting, c.HousekeepingWaiting, c.Granted))],
            })
            .ToImmutableArray();
        return Task.FromResult(new ThrottleView(this.GetPrimaryKeyString(), _options.Share, _scheduler.Outstanding, _scheduler.Waiting, buckets,
            _clock.Grains.GetUtcNow()));
    }

    private void Enqueue(TokenRequest request)
    {
        _holders[request.Requester] = request.Holder;
        _scheduler.Request(request.Requester, request.Action, request.Urgency, request.HoldsNothing, request.Cluster ?? _defaultCluster);
    }

    private async Task Pump()
    {
        var grants = _scheduler.Dispatch();
        if (grants.Count > 0)
        {
            await CoverSpendAsync();
        }

        Send(grants);
        Schedule();
    }

    /// <summary>Makes sure the persisted spend horizon covers a token spent now, before the token leaves.</summary>
    private async Task CoverSpendAsync()
    {
        if (_store.State.SpentUntil > Now + (SpendHorizon / 2))
        {
            return;
        }

        _store.State.SpentUntil = Now + SpendHorizon;
        try
        {
            await _store.WriteStateAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPersistFailed(_logger, this.GetPrimaryKeyString(), e.Message); // grant anyway: EC2 throttles are retried
        }
    }

    private void Send(IReadOnlyList<Grant> grants)
    {
        var waits = grants.Count == 0 ? default : _scheduler.PathWaits();
        foreach (var grant in grants)
        {
            var action = new KeyValuePair<string, object?>("action", grant.Action.ToString());
            var cluster = new KeyValuePair<string, object?>("cluster", grant.Cluster);
            _instruments.ThrottleWait.Record(grant.Waited.TotalSeconds, action, cluster);
            _instruments.ThrottleGrants.Add(1, action, cluster);
            if (_holders.TryGetValue(grant.Requester, out var holder))
            {
                _ = holder.OnGranted(new TokenGrant(grant.Id, grant.Action, grant.Class, grant.GrantedAt, grant.Waited)
                {
                    AssignWait = waits.Assign,
                    CreateWait = waits.Create,
                    AttachWait = waits.Attach,
                });
            }
            else
            {
                _scheduler.Complete(grant.Id, CallOutcome.Unused);
            }
        }
    }

    /// <summary>
    /// Wakes the grain when the next grant is due. The wake-up is an instant (the scheduler's now plus its wait), but a
    /// grain timer is armed with a duration from whenever the arming happens: a timer changed inside its own callback is
    /// armed only when the callback ends, and a clock can move between reading it and arming (a fake clock advanced by a
    /// test, a paused thread). So the timer is armed at once (a fresh one inside the callback), and when the
    /// instant has passed by the time it is armed, the grain wakes now: a grant never waits for a later tick that may not come.
    /// </summary>
    private void Schedule()
    {
        _instruments.SetQueue(this.GetPrimaryKeyString(), _scheduler.Waiting);
        _instruments.SetClusters(this.GetPrimaryKeyString(), _scheduler.Clusters());
        var from = Now;
        if (_scheduler.NextDispatchIn() is not { } next)
        {
            return;
        }

        var due = next < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : next;
        if (_timer is null || _waking)
        {
            _timer?.Dispose();
            _timer = this.RegisterGrainTimer(static (self, _) => self.OnTimer(), this,
                new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }

        if (Now >= from + due)
        {
            _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnTimer()
    {
        _waking = true;
        try
        {
            await Pump();
        }
        finally
        {
            _waking = false;
        }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Throttle {Key}: activation {Epoch} resumes {Since} after its predecessor's last possible grant (negative: refills start then)")]
    private static partial void LogResumed(ILogger logger, string key, long epoch, TimeSpan since);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Throttle {Key}: could not persist its state ({Error}); granting anyway")]
    private static partial void LogPersistFailed(ILogger logger, string key, string error);


    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Throttle: grant {GrantId} was throttled by EC2; lowering the rate")]
    private static partial void LogThrottled(ILogger logger, long grantId);
}
