using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;
using Fleet.Core.Planning;
using Fleet.Ec2.Limits;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Hosting;
using Fleet.Grains.Mapping;
using Fleet.Grains.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Fleet.Grains.Node;

/// <summary>
/// One node (key: instance id), DESIGN §3.1. Demand reports update the demand and return at once; when the node is
/// short it asks the throttle grain for a token for the call it would make now; when the token arrives it plans
/// again from the demand at that moment, persists the intent, makes the one call, applies EC2's answer and asks again
/// until the target is met. EC2 is the source of truth: after activation or any unknown outcome the node re-reads
/// its ENIs (batched) before it acts.
/// </summary>
public sealed partial class NodeGrain : Grain, INodeGrain
{
    private readonly IPersistentState<NodeGrainState> _store;
    private readonly DescribeBatcher _describe;
    private readonly InstanceLimitsProvider _limits;
    private readonly CallExecutor _executor;
    private readonly AllocatorOptions _options;
    private readonly FleetClock _clock;
    private readonly AllocatorInstruments _instruments;
    private readonly ILogger<NodeGrain> _logger;
    private readonly ObserverManager<INodeObserver> _observers;
    private readonly SubnetCache _subnets;
    private readonly NoProgressGuard _progress;

    private string? _requested;
    private DateTimeOffset _requestedAt;
    private bool _needsReconcile = true;
    private DateTimeOffset? _backoffUntil;
    private int _consecutiveErrors;
    private PlanOutcome? _lastOutcome;
    private IGrainTimer? _tick;
    private NodeSummary? _published;
    private (long GrantId, GrantOutcome Outcome)? _completion;
    private bool _askedSinceActivation;
    private DemandTrend? _trend;
    private TimeSpan _lastWait;
    private DateTimeOffset? _missingSince;
    private DateTimeOffset? _missingRecheckAt;

    /// <summary>Creates the grain.</summary>
    public NodeGrain(
        [PersistentState("node", "fleet")] IPersistentState<NodeGrainState> store,
        DescribeBatcher describe,
        InstanceLimitsProvider limits,
        IEc2Port ec2,
        IOptions<AllocatorOptions> options,
        FleetClock clock,
        AllocatorInstruments instruments,
        ILogger<NodeGrain> logger)
    {
        _store = store;
        _describe = describe;
        _limits = limits;
        _options = options.Value;
        _executor = new CallExecutor(ec2, _options.ClusterName);
        _clock = clock;
        _instruments = instruments;
        _logger = logger;
        _observers = new ObserverManager<INodeObserver>(TimeSpan.FromMinutes(5), logger);
        _subnets = new SubnetCache(clock.Grains, _options.SubnetCacheFreshness);
        _progress = new NoProgressGuard(_options.NoProgressLimit);
    }

    private NodeGrainState State => _store.State;

    private string InstanceId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => _clock.Grains.GetUtcNow();

    private DemandTrend Trend => _trend ??= DemandTrend.Restore(State.Trend?.ToSnapshot(), _options.TrendWindow);

    private IThrottleGrain Throttle => GrainFactory.GetGrain<IThrottleGrain>(_clock.ThrottleKey);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Republish now and then, so the fleet index heals after losing lines; spread so nodes do not all call at once.
        var spread = TimeSpan.FromTicks(Random.Shared.NextInt64(_options.IndexRefresh.Ticks));
        this.RegisterGrainTimer(static (self, _) => self.RepublishAsync(), this,
            new GrainTimerCreationOptions { DueTime = spread, Period = _options.IndexRefresh, Interleave = true, KeepAlive = false });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _instruments.RemoveNode(InstanceId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<DemandResult> ReportDemand(DemandReport report)
    {
        if (DemandValidator.CheckShape(report) is { } shapeError)
        {
            return new DemandResult(shapeError.Outcome, shapeError.Detail, BuildAllocation());
        }

        if (State.InstanceGone)
        {
            return new DemandResult(DemandOutcome.UnknownInstance, $"EC2 does not know instance {InstanceId} (or it is terminated)", BuildAllocation());
        }

        if (State.Instance is null && (_missingRecheckAt > Now || !await DiscoverAsync()))
        {
            // Not shown by EC2 (yet): refused as unknown but not remembered; EC2 is asked again after MissingRecheck.
            var missing = !State.InstanceGone && _missingRecheckAt is not null;
            var outcome = State.InstanceGone || missing ? DemandOutcome.UnknownInstance : DemandOutcome.Ec2Unavailable;
            var detail = State.InstanceGone ? $"EC2 does not know instance {InstanceId}"
                : missing ? $"EC2 does not show instance {InstanceId} (a just-launched instance can take seconds to appear); nothing was stored, report again"
                : $"the instance could not be read from EC2 just now ({State.LastError?.Message ?? "no answer"}); nothing was stored, report again";
            if (State.InstanceGone && State.Demand is null)
            {
                await _store.ClearStateAsync();
                State.InstanceGone = true;
            }

            return new DemandResult(outcome, detail, BuildAllocation());
        }

        if (_needsReconcile)
        {
            await ReconcileAsync();
        }

        report = DropStaleAcks(report);
        if (DemandValidator.CheckAgainst(report, State.ToNodeState(InstanceId), State.Spec.ToSpec()) is { } error)
        {
            LogRefused(_logger, InstanceId, error.Outcome, error.Detail);
            return new DemandResult(error.Outcome, error.Detail, BuildAllocation());
        }

        Trend.Observe(Now - DateTimeOffset.UnixEpoch, report.Used + report.Pending);
        State.Trend = Trend.Snapshot().ToRecord();
        State.Demand = new DemandRecord
        {
            Used = report.Used,
            Pending = report.Pending,
            InUse = report.InUse is { } inUse ? [.. inUse] : State.Demand?.InUse,
            ReportedAt = Now,
        };
        ApplyReleaseAcks(report.ReleaseAcks);
        await AdvanceAsync();
        await SaveAsync();
        return new DemandResult(DemandOutcome.Accepted, "accepted", BuildAllocation());
    }

    /// <inheritdoc />
    public Task<NodeAllocation> GetAllocation() => Task.FromResult(BuildAllocation());

    /// <inheritdoc />
    public Task<NodeView> GetView() => Task.FromResult(BuildView());

    /// <inheritdoc />
    public async Task<NodeView> SetSpec(NodeSpecDto spec)
    {
        State.Spec = spec;
        _lastOutcome = null;
        if (_progress.Blocked)
        {
            _backoffUntil = null; // the stop was for calls the new spec may not make (e.g. secondary IPs instead of prefixes)
        }

        _progress.Reset();
        _subnets.Invalidate(); // the spec may name other subnets
        if (State.Demand is not null)
        {
            await AdvanceAsync();
        }

        await SaveAsync();
        return BuildView();
    }

    /// <inheritdoc />
    public Task<NodeGrainState> GetState() => Task.FromResult(State);

    /// <inheritdoc />
    public Task Subscribe(INodeObserver observer)
    {
        var known = _observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        if (!known && State.Instance is not null)
        {
            // A new subscriber (or one this activation forgot: the grain moved) learns where the node stands now.
            observer.OnAllocationChanged(BuildAllocation()).Ignore();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Unsubscribe(INodeObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> ExpectsEni(string eniId) =>
        Task.FromResult(!State.InstanceGone && State.Enis.Exists(e => e.Id == eniId && e.AttachmentId is null) && !State.Abandoned.Contains(eniId));

    private async Task SaveAsync()
    {
        State.Version++;
        State.UpdatedAt = Now;
        await _store.WriteStateAsync();
        await PublishAsync();
    }
}
