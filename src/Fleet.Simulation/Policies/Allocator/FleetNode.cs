using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using Fleet.Ec2.Errors;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The node grain's loop (Fleet.Grains <c>NodeGrain</c>), event by event: a demand report only updates the demand;
/// the node discovers its instance and reconciles its ENIs (batched describes) before it acts; it asks the throttle
/// for a token for the call the planner would make now, and on the grant plans again from the demand at that moment
/// (ten reports while queued become one call); one call in flight; the answer is applied and the node asks again
/// until its target is met. While busy it ticks every 5 s (request keep-alive every 15 s, backoff, release delay).
/// </summary>
internal sealed partial class FleetNode(FleetPolicy fleet, SimNode sim)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(60);

    private NodeState? _state;
    private Ec2Action? _requested;
    private TimeSpan _requestedAt;
    private bool _needsReconcile = true;
    private bool _busy;
    private bool _gone;
    private TimeSpan? _backoffUntil;
    private int _errors;
    private (long GrantId, CallOutcome Outcome)? _completion;
    private CreateInterface? _intent;
    private string? _intentToken;
    private int _intentSequence;
    private PlanOutcome? _last;
    private bool _ticking;
    private readonly DemandTrend _trend = new();
    private TimeSpan _lastWait;

    private TimeSpan Now => fleet.Loop.Now;

    private string Id => sim.InstanceId;

    /// <summary>ReportDemand: the demand is the agent's now; act unless a call or a read is running.</summary>
    public void Report()
    {
        if (_gone)
        {
            return;
        }

        _trend.Observe(Now, sim.Demand.Used + sim.Demand.Pending);

        if (!_busy)
        {
            Advance();
        }
    }

    public void Leave() => _gone = true;

    private void Advance()
    {
        var want = Want();
        Send(want);
        EnsureTick();
        fleet.Pump();
    }

    private (PlannedAction Action, Urgency Urgency)? Want()
    {
        if (_gone || _busy)
        {
            return null;
        }

        if (_state is null)
        {
            Discover();
            return null;
        }

        if (_needsReconcile)
        {
            Reconcile();
            return null;
        }

        return _backoffUntil > Now ? null : Decide();
    }

    private void Send((PlannedAction Action, Urgency Urgency)? want)
    {
        var ask = want is { } w && (_completion is not null || _requested != w.Action.Call || Now - _requestedAt >= KeepAlive);
        if (_completion is { } done)
        {
            _completion = null;
            fleet.Throttle.Complete(done.GrantId, done.Outcome);
        }
        else if (want is null && _requested is not null)
        {
            fleet.Throttle.Withdraw(Id);
        }

        if (ask)
        {
            fleet.Throttle.Request(Id, want!.Value.Action.Call, want.Value.Urgency);
            _requested = want.Value.Action.Call;
            _requestedAt = Now;
        }
        else if (want is null)
        {
            _requested = null;
        }
    }

    /// <summary>The call the node would make now and its urgency; null when there is nothing to do.</summary>
    private (PlannedAction Action, Urgency Urgency)? Decide()
    {
        var demand = sim.Demand;
        if (_intent is { } retry)
        {
            return (retry, Urgency.Critical(Math.Max(_last?.Targets.Needed ?? 1, 1), demand.Pending));
        }

        var outcome = Plan();
        if (outcome.Action is { IsCritical: true } critical)
        {
            CancelRelease();
            return (critical, Urgency.Critical(outcome.Targets.Needed, demand.Pending));
        }

        if (outcome.Action is { } housekeeping)
        {
            return (housekeeping, Urgency.Housekeeping);
        }

        return ReleaseWanted(outcome) is { } release ? (release, Urgency.Housekeeping) : null;
    }

    private PlanOutcome Plan(Ec2Action? granted = null)
    {
        var context = new PlanningContext(_state!, sim.Spec, sim.Demand, fleet.Subnets(_state!.VpcId, _state.AvailabilityZone).View())
        {
            Lookahead = _trend.Lookahead(_lastWait, fleet.LookaheadFactor),
        };
        if (!fleet.LatencyFirst)
        {
            return _last = Planner.Plan(context);
        }

        // Latency-first: choose by the queues now; at the grant, keep the path the token was granted for.
        var plan = LatencyFirstPlanner.Plan(context, fleet.Waits());
        if (granted == Ec2Action.CreateNetworkInterface && plan.Action is AssignAddresses)
        {
            plan = Planner.Plan(context) is var p && LatencyFirstPlanner.NewInterfaceInstead(context, p) is { } create ? p with { Action = create } : plan;
        }
        else if (granted == Ec2Action.AssignPrivateIpAddresses && plan.Action is CreateInterface)
        {
            plan = Planner.Plan(context);
        }

        return _last = plan;
    }

    private void EnsureTick()
    {
        var busy = _requested is not null || _backoffUntil > Now || _needsReconcile || _release is not null || _intent is not null;
        if (!busy || _ticking || _gone)
        {
            return;
        }

        _ticking = true;
        fleet.Loop.After(Tick, OnTick);
    }

    private void OnTick()
    {
        _ticking = false;
        if (_gone)
        {
            return;
        }

        if (_backoffUntil is { } until && until <= Now)
        {
            _backoffUntil = null;
        }

        if (!_busy)
        {
            Advance();
        }
        else
        {
            EnsureTick();
        }
    }

    private void UpdateCapacity()
    {
        if (_state is not null && !_gone)
        {
            sim.SetCapacity(NodeTargets.Compute(_state, sim.Spec, sim.Demand).Available);
        }
    }

    private void ScheduleBackoff()
    {
        _errors++;
        var delay = TimeSpan.FromTicks(Math.Min(BackoffBase.Ticks << Math.Min(_errors - 1, 20), BackoffMax.Ticks));
        _backoffUntil = Now + delay;
    }

    private static Ec2ErrorKind Classify(Ec2.Emulator.Ec2Error error) => Ec2ErrorClassifier.Classify(error.Code, error.Message, error.HttpStatus);
}
