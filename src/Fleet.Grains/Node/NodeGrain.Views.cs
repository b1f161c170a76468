using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Node;

/// <summary>What the node shows: its allocation to agents, its detail to operators, its line in the index.</summary>
public sealed partial class NodeGrain
{
    private NodeStatus StatusNow()
    {
        if (State.InstanceGone)
        {
            return NodeStatus.NotFound;
        }

        if (State.Demand is null)
        {
            return NodeStatus.Unknown;
        }

        if (State.Instance is null)
        {
            return NodeStatus.Discovering;
        }

        return _lastOutcome switch
        {
            null => NodeStatus.Allocating,
            { Status: PlanStatus.Blocked } => NodeStatus.Blocked,
            { Targets.Needed: > 0 } => NodeStatus.Allocating,
            _ when State.Intent is not null => NodeStatus.Allocating,
            _ => NodeStatus.Ready,
        };
    }

    private NodeTargets? Targets()
    {
        if (State.Instance is null)
        {
            return null;
        }

        return _lastOutcome?.Targets ?? NodeTargets.Compute(State.ToNodeState(InstanceId), State.Spec.ToSpec(), State.Demand.ToDemand());
    }

    private NodeAllocation BuildAllocation()
    {
        var targets = Targets();
        var spec = State.Spec.ToSpec();
        var enis = State.Enis
            .Where(e => e.AttachmentId is not null && e.DeviceIndex >= spec.FirstInterfaceIndex)
            .Select(e => new EniAllocation(e.Id, e.DeviceIndex, e.SubnetId, e.PrimaryIp, [.. e.Prefixes], [.. e.SecondaryIps]))
            .ToImmutableArray();
        ImmutableArray<string> release = State.Release is { } r ? [.. r.Prefixes, .. r.Ips] : [];
        var detail = State.InstanceGone ? "EC2 does not know this instance (or it is terminated)"
            : _lastOutcome?.Detail ?? State.LastError?.Message ?? (State.Demand is null ? "no demand reported" : "discovering");
        return new NodeAllocation(InstanceId, StatusNow(), detail, targets?.Available ?? 0, State.Demand?.Used ?? 0, State.Demand?.Pending ?? 0,
            targets?.Needed ?? 0, enis, release, State.Version);
    }

    private NodeView BuildView()
    {
        var targets = Targets();
        var pending = _requested is { } action ? $"waiting for a {action} token since {_requestedAt:O}"
            : _backoffUntil is { } until && until > Now ? $"backing off until {until:O}"
            : null;
        var error = State.LastError is { } e ? $"{e.Action}: {e.Code}: {e.Message} ({e.At:O})" : null;
        return new NodeView(BuildAllocation(), State.Instance?.InstanceType, State.Instance?.AvailabilityZone, State.Spec, TargetLevel(targets),
            pending, State.Intent?.Describe(), error, State.Calls.ToImmutableDictionary(StringComparer.Ordinal), State.UpdatedAt);
    }

    private Task RepublishAsync()
    {
        if (State.Demand is null && State.Instance is null)
        {
            return Task.CompletedTask;
        }

        _published = null;
        return PublishAsync();
    }

    private async Task PublishAsync()
    {
        var allocation = BuildAllocation();
        // ENIs and prefixes are those of the allocation (the interfaces that give pods addresses), as the node's detail
        // and the fleet page show them: eth0 counts only when pods may use it (first-interface-index 0).
        var summary = new NodeSummary(InstanceId, allocation.Status, State.Instance?.InstanceType, allocation.Available, allocation.Used,
            allocation.Pending, TargetLevel(Targets()), allocation.Enis.Length, allocation.Enis.Sum(e => e.Prefixes.Length), allocation.Detail,
            State.UpdatedAt ?? Now);
        if (_published is not null && SameLine(_published, summary))
        {
            return;
        }

        _published = summary;
        await GrainFactory.GetGrain<IFleetIndexGrain>("default").Upsert(summary);
        await _observers.Notify(o => o.OnAllocationChanged(allocation));
    }

    /// <summary>
    /// The addresses the node must hold: used plus the larger of pre-allocate and pending pods, at least min-allocate,
    /// capped at max-allocate (the instance maximum when the spec sets none). <see cref="NodeTargets.Needed"/> is exactly
    /// this level less what the node holds, when positive; unlike <see cref="NodeTargets.Target"/> (available + needed)
    /// it does not follow the node's holdings up, so a ready node with room to release shows a target below what it holds.
    /// </summary>
    private int TargetLevel(NodeTargets? targets) =>
        targets is null ? 0
            : Math.Min(Math.Max(targets.Used + Math.Max(State.Spec.ToSpec().EffectivePreAllocate, targets.Pending), State.Spec.ToSpec().MinAllocate), targets.MaxAllocate);

    private static bool SameLine(NodeSummary a, NodeSummary b) =>
        a.Status == b.Status && a.Available == b.Available && a.Used == b.Used && a.Pending == b.Pending && a.Target == b.Target
        && a.Enis == b.Enis && a.Prefixes == b.Prefixes && a.Detail == b.Detail;
}
