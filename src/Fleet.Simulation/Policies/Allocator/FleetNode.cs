using System.Collections.Immutable;
using Fleet.Core.Errors;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// One node of the Fleet policy: Fleet.Core's <see cref="NodeLoop"/> — the same loop the node grain runs — carried out
/// over the engine's clock, the throttle scheduler and the emulator region. It decides nothing: it feeds the loop its
/// events (the agent's reports, grants, EC2's answers, ticks) and carries out the effects; its agent is
/// <see cref="SimAgent"/>.
/// </summary>
internal sealed class FleetNode
{
    private readonly FleetPolicy _fleet;
    private readonly SimAgent _agent;
    private Queue<NodeEvent>? _fedBack; // made the first time an effect feeds an event back (most steps feed none)
    private NodeMemory _memory;
    private bool _stepping;
    private bool _left;
    private bool _tickScheduled;
    private Action? _tick;
    private (InstanceFacts Of, FleetSubnets Subnets)? _zone;
    private (NodeSpec Spec, InstanceFacts Of, string Key)? _groupKey;

    public FleetNode(FleetPolicy fleet, SimNode sim)
    {
        _fleet = fleet;
        _memory = new NodeMemory(sim.InstanceId, fleet.Options.TrendWindow) { Spec = sim.Spec };
        _agent = new SimAgent(sim, fleet.Loop, this);
        Id = sim.InstanceId;
    }

    private string Id { get; }

    /// <summary>The node's memory now.</summary>
    public NodeMemory Memory => _memory;

    /// <summary>The agent reports its demand now.</summary>
    public void Report() => Step(new DemandReported(_agent.Report()));

    /// <summary>The agent sends <paramref name="report"/>.</summary>
    public void Send(AgentReport report) => Step(new DemandReported(report));

    /// <summary>The instance was terminated: the node stops (a call in flight still completes its grant).</summary>
    public void Leave() => _left = true;

    /// <summary>The throttle granted a token.</summary>
    public void OnGranted(Grant grant) => Step(new TokenGranted(grant.Id, grant.Action, grant.Waited));

    private void Step(NodeEvent e)
    {
        if (_left)
        {
            if (e is CallAnswered answer && _memory.Loop.Calling is { } grant)
            {
                _fleet.Throttle.Complete(grant, answer.Result is CallFailed { Error.Kind: Ec2ErrorKind.Throttled } ? CallOutcome.Throttled : CallOutcome.Sent);
                _fleet.Pump();
            }

            return;
        }

        if (_stepping)
        {
            (_fedBack ??= new Queue<NodeEvent>()).Enqueue(e); // an effect fed an event back: stepped after the effects of this one
            return;
        }

        _stepping = true;
        var next = e;
        do
        {
            var step = NodeLoop.Step(_memory, next, Context());
            _memory = step.Memory;
            foreach (var effect in step.Effects)
            {
                Carry(effect);
            }
        }
        while (_fedBack is { } fedBack && fedBack.TryDequeue(out next));

        _stepping = false;
        _fleet.Pump();
    }

    private NodeContext Context()
    {
        var now = DateTimeOffset.UnixEpoch + _fleet.Loop.Now;
        var subnets = Zone()?.View() ?? SubnetView.Unconstrained;
        var groupPeak = NodeLoop.WantsGroupPeak(_memory, _fleet.Options) ? _fleet.Groups.Peak(GroupKey(), now) : null;
        return new NodeContext(now, _fleet.Options, subnets, _fleet.Options.LatencyFirst ? _fleet.Waits() : null, groupPeak);
    }

    /// <summary>The node's group history key (its instance is known), built again only when its spec or instance changed.</summary>
    private string GroupKey()
    {
        if (_groupKey is not { } key || !ReferenceEquals(key.Spec, _memory.Spec) || !ReferenceEquals(key.Of, _memory.Instance))
        {
            _groupKey = key = (_memory.Spec, _memory.Instance!, NodeLoop.GroupKey(_memory, _fleet.Options)!);
        }

        return key.Key;
    }

    /// <summary>The subnets of the node's zone, once its instance is known.</summary>
    private FleetSubnets? Zone()
    {
        if (_memory.Instance is not { } i)
        {
            return null;
        }

        if (_zone is not { } zone || !ReferenceEquals(zone.Of, i))
        {
            _zone = zone = (i, _fleet.Subnets(i.VpcId, i.AvailabilityZone));
        }

        return zone.Subnets;
    }

    private void Carry(NodeEffect effect)
    {
        switch (effect)
        {
            case RequestToken request:
                _fleet.Throttle.Request(Id, request.Action, request.Urgency, request.HoldsNothing, ClusterOf(request));
                break;
            case WithdrawToken:
                _fleet.Throttle.Withdraw(Id);
                break;
            case CompleteGrant complete:
                _fleet.Throttle.Complete(complete.GrantId, complete.Outcome);
                if (complete.Next is { } next)
                {
                    _fleet.Throttle.Request(Id, next.Action, next.Urgency, next.HoldsNothing, ClusterOf(next));
                }

                break;
            case DescribeInstance:
                _fleet.Describes.Instance(Id, Discovered);
                break;
            case DescribeInterfaces:
                _fleet.Describes.Interfaces(Id, (enis, error) => Step(new InterfacesDescribed(
                    [.. enis.Select(e => new SeenEni(Ec2Mapping.ToEni(e), e.Attachment?.InstanceId))], error)));
                break;
            case CallEc2 call:
                PlannedCalls.Send(_fleet.Ec2, call.Action.IsCritical ? CallPath.Critical : CallPath.Housekeeping, Id, call.Cluster ?? _fleet.Options.ClusterName,
                    call.Action, call.ClientToken, result => Step(new CallAnswered(result)));
                break;
            case ChangeSubnet change:
                Zone()?.Reserve(change.SubnetId, change.Addresses, change.Blocks);
                break;
            case MarkSubnetExhausted exhausted:
                Zone()?.MarkExhausted(exhausted.SubnetId, exhausted.PrefixesOnly);
                break;
            case MarkSubnetImpaired impaired:
                Zone()?.MarkImpaired(impaired.SubnetId);
                break;
            case Save:
                if (_agent.Publish() is { } report)
                {
                    (_fedBack ??= new Queue<NodeEvent>()).Enqueue(new DemandReported(report));
                }

                break;
            case RecordPeak peak:
                _fleet.Groups.Record(peak);
                break;
            case SetTicking { On: true }:
                ScheduleTick();
                break;
        }
    }

    private string? ClusterOf(RequestToken request) => _fleet.FairShares ? request.Cluster : null;

    private void Discovered(Ec2Instance? instance, Ec2Failure? error)
    {
        if (error is not null)
        {
            Step(new InstanceDescribed(InstanceLookup.Failed, Error: error));
        }
        else if (instance is null)
        {
            Step(new InstanceDescribed(InstanceLookup.Missing));
        }
        else if (instance.State.Name is "terminated" or "shutting-down")
        {
            Step(new InstanceDescribed(InstanceLookup.Terminated, State: instance.State.Name));
        }
        else
        {
            _fleet.Limits.Get(instance.InstanceType, limits => Step(limits is null
                ? new InstanceDescribed(InstanceLookup.Failed, Error: new Ec2Failure(Ec2ErrorKind.InvalidRequest, "UnknownInstanceType", $"instance type {instance.InstanceType} is unknown"))
                : new InstanceDescribed(InstanceLookup.Running, new InstanceFacts(instance.AvailabilityZone, instance.VpcId, instance.SubnetId, limits))));
        }
    }

    private void ScheduleTick()
    {
        if (_tickScheduled || _left)
        {
            return;
        }

        _tickScheduled = true;
        _fleet.Loop.AfterFixed(_fleet.Options.TickInterval, _tick ??= Tick); // one delegate for all of the node's ticks; a period: no heap
    }

    private void Tick()
    {
        _tickScheduled = false;
        if (!_left && _memory.Loop.Ticking)
        {
            Step(Ticked.Instance);
            if (_memory.Loop.Ticking)
            {
                ScheduleTick();
            }
        }
    }
}
