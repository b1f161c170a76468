using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Core.Node;
using Fleet.Ec2.Limits;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Groups;
using Fleet.Grains.Hosting;
using Fleet.Grains.Mapping;
using Fleet.Grains.Metrics;
using Fleet.Grains.Throttle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Fleet.Grains.Node;

/// <summary>
/// One node (key: instance id), DESIGN §3.1: an interpreter of Fleet.Core's <see cref="NodeLoop"/> over Orleans, the EC2
/// port and the grain's persisted state. It decides nothing: every call (a report, a spec, a grant, a tick) becomes an
/// event; the loop's effects are carried out in order, and what an effect brings back (a describe's or a call's
/// answer) is stepped next, until the loop is quiet.
/// </summary>
public sealed partial class NodeGrain : Grain, INodeGrain, ITokenHolder, INodeStateGrain
{
    private readonly IPersistentState<NodeGrainState> _store;
    private readonly NodeEc2 _ec2;
    private readonly AllocatorOptions _options;
    private readonly FleetClock _clock;
    private readonly AllocatorInstruments _instruments;
    private readonly ILogger<NodeGrain> _logger;
    private readonly ObserverManager<INodeObserver> _observers;
    private readonly SubnetCache _subnets;
    private readonly GroupPeakCache _groupPeak;
    private readonly SiloDeparture _departure;
    private NodeMemory _memory = null!;
    private IGrainTimer? _tick;
    private NodeSummary? _published;
    private bool _unsaved;
    private bool _left;
    private Queue<NodeEvent> _events = new();
    private IGrainTimer? _retry;

    /// <summary>Creates the grain.</summary>
    public NodeGrain(
        [PersistentState("node", "fleet")] IPersistentState<NodeGrainState> store,
        DescribeBatcher describe,
        InstanceLimitsProvider limits,
        IEc2Port ec2,
        IOptions<AllocatorOptions> options,
        FleetClock clock,
        AllocatorInstruments instruments,
        SiloDeparture departure,
        ILogger<NodeGrain> logger)
    {
        _store = store;
        _options = options.Value;
        _ec2 = new NodeEc2(ec2, describe, limits, _options.ClusterName);
        _clock = clock;
        _instruments = instruments;
        _logger = logger;
        _departure = departure;
        _observers = new ObserverManager<INodeObserver>(TimeSpan.FromMinutes(5), logger);
        _subnets = new SubnetCache(clock.Grains, _options.SubnetCacheFreshness);
        _groupPeak = new GroupPeakCache(clock.Grains, _options.SubnetCacheFreshness);
    }

    private string InstanceId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => _clock.Grains.GetUtcNow();

    private IThrottleGrain Throttle => GrainFactory.GetGrain<IThrottleGrain>(_clock.ThrottleKey);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _memory = NodeStateMapping.ToMemory(InstanceId, _store.State, _options);

        // Republish now and then, so the fleet index heals after losing lines; spread so nodes do not all call at once.
        var spread = TimeSpan.FromTicks(Random.Shared.NextInt64(_options.IndexRefresh.Ticks));
        this.RegisterGrainTimer(static (self, _) => self.RepublishAsync(), this,
            new GrainTimerCreationOptions { DueTime = spread, Period = _options.IndexRefresh, Interleave = true, KeepAlive = false });
        if (_memory.Demand is not null && !_memory.Terminated)
        {
            // A node that moved carries on at once, in its own turn: it shows its persisted state meanwhile.
            this.RegisterGrainTimer(static (self, _) => self.RunOwnAsync(Resumed.Instance), this,
                new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
        }

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
        var answer = await RunAsync(new DemandReported(new AgentReport(report.Used, report.Pending, report.InUse, report.ReleaseAcks) { Cluster = report.Cluster }));
        var (outcome, detail) = answer is { } a ? (a.Outcome, a.Detail) : (ReportOutcome.Ec2Unavailable, "the report could not be checked just now; report again");
        return new DemandResult((DemandOutcome)(int)outcome, detail, BuildAllocation());
    }

    /// <inheritdoc />
    public Task<NodeView> SetSpec(NodeSpecDto spec) => SetSpecAsync(spec, null);

    /// <inheritdoc />
    public Task<NodeView> SetSpecFor(NodeSpecDto spec, string cluster) => SetSpecAsync(spec, cluster);

    private async Task<NodeView> SetSpecAsync(NodeSpecDto spec, string? caller)
    {
        var errors = NodeSpecMapping.Check(spec, out var parsed);
        string? refusedFor = null;
        if (errors.Count == 0)
        {
            await RunAsync(new SpecChanged(parsed!, caller), answer => (errors, refusedFor) = (answer.Errors, answer.RefusedFor));
        }

        return refusedFor is not null ? throw new OtherClusterException(InstanceId, caller!)
            : errors.Count == 0 ? await GetView()
            : throw new InvalidSpecException(errors);
    }

    /// <inheritdoc />
    public async Task<IntentResult> DeclareIntent(int pods)
    {
        AnswerIntent? answer = null;
        await RunAsync(new IntentDeclared(pods), intentAnswer: a => answer = a);
        var (outcome, detail) = answer is { } a ? (a.Outcome, a.Detail) : (Core.Node.IntentOutcome.Ec2Unavailable, "the intent could not be checked just now; declare again");
        return new IntentResult((IntentStatus)(int)outcome, detail, await GetView());
    }

    /// <inheritdoc />
    public Task OnGranted(TokenGrant grant) => RunOwnAsync(new TokenGranted(grant.Id, grant.Action, grant.Waited, grant.Waits)); // one-way: no caller hears a failure

    /// <summary>
    /// Steps the loop from <paramref name="first"/> (after any event an earlier turn left) until it is quiet; returns the
    /// report's answer, if one was owed. No event is lost:
    /// <list type="bullet">
    /// <item>an intent that could not be written is not called (the loop hears <see cref="CallAbandoned"/>), a save that
    /// failed is tried again at the end of the next run, and the failure is rethrown to the caller once the loop is
    /// quiet, so an agent whose report was not made durable reports again;</item>
    /// <item>a step whose context cannot be read (its zone's subnet grain unreachable, as while a dead silo's directory
    /// is taken over) is not taken: the caller's own event is dropped and the failure rethrown to it, and the events EC2
    /// brought back wait in <see cref="_events"/> for the next turn or the retry (<see cref="Postpone"/>);</item>
    /// <item>a message to another grain that fails does not end the turn (<see cref="TellAsync"/>).</item>
    /// </list>
    /// On a stopping silo the node stops where it is (<see cref="LeaveAsync"/>), even while EC2 has its call.
    /// </summary>
    private async Task<AnswerReport?> RunAsync(NodeEvent? first, Action<AnswerSpec>? specAnswer = null, Action<AnswerIntent>? intentAnswer = null)
    {
        AnswerReport? answer = null;
        Exception? storeFailure = null;
        if (first is not null)
        {
            _events.Enqueue(first);
        }

        try
        {
            while (_events.TryPeek(out var e))
            {
                if (_departure.IsStopping)
                {
                    return await LeaveAsync(e.GetType().Name);
                }

                NodeContext context;
                try
                {
                    context = await ContextAsync();
                }
                catch (Exception failure) when (failure is not (OperationCanceledException or OutOfMemoryException))
                {
                    Postpone(first, failure);
                    throw;
                }

                _events.Dequeue();
                var step = NodeLoop.Step(_memory, e, context);
                _memory = step.Memory;
                var persisted = true;
                foreach (var effect in step.Effects)
                {
                    if (_departure.IsStopping)
                    {
                        return await LeaveAsync(effect.GetType().Name);
                    }

                    switch (effect)
                    {
                        case AnswerReport a:
                            answer = a;
                            break;
                        case AnswerSpec s:
                            specAnswer?.Invoke(s);
                            break;
                        case AnswerIntent i:
                            intentAnswer?.Invoke(i);
                            break;
                        case DescribeInstance:
                            _events.Enqueue(await UnlessStopping(_ec2.DescribeInstanceAsync(InstanceId, Throttle)));
                            break;
                        case DescribeInterfaces:
                            _events.Enqueue(await UnlessStopping(_ec2.DescribeInterfacesAsync(InstanceId)));
                            break;
                        case Persist:
                            storeFailure ??= await TryWriteAsync(_store.State.Version);
                            persisted = storeFailure is null;
                            break;
                        case CallEc2 call:
                            _events.Enqueue(persisted
                                ? new CallAnswered(await UnlessStopping(_ec2.CallAsync(InstanceId, call.Action, call.ClientToken, call.Cluster)))
                                : new CallAbandoned(storeFailure!.Message));
                            break;
                        case Save:
                            storeFailure ??= await SaveAsync();
                            break;
                        default:
                            await TellAsync(effect);
                            break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_departure.IsStopping)
        {
            return await LeaveAsync("an EC2 answer"); // abandoned by UnlessStopping
        }

        if (_unsaved && storeFailure is null)
        {
            storeFailure = await SaveAsync();
        }

        if (storeFailure is not null)
        {
            LogStoreFailed(_logger, InstanceId, storeFailure.Message);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(storeFailure);
        }

        return answer;
    }

    private async Task<NodeContext> ContextAsync() => new(Now, _options, _memory.Instance is { } i
            ? await _subnets.GetAsync(GrainFactory, i.VpcId, i.AvailabilityZone)
            : Core.Planning.SubnetView.Unconstrained,
        GroupPeak: NodeLoop.WantsGroupPeak(_memory, _options) ? await _groupPeak.GetAsync(GrainFactory, NodeLoop.GroupKey(_memory, _options)!) : null);
}
