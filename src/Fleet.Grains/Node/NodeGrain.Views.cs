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
            { Targets.Needed: > 0 } when _progress.Blocked => NodeStatus.Blocked,
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
            .Select(e => new EniAllocation(e.Id, e.DeviceIndex, e.SubnetId, e.PrimaryIp, [.. e.Prefixes], [.. e.SecondaryIps.Where(ip => ip != e.PrimaryIp)]))
            .ToImmutableArray();
        ImmutableArray<string> release = State.Release is { } r ? [.. r.Prefixes, .. r.Ips] : [];
        var detail = State.InstanceGone ? "EC2 does not know this instance (or it is terminated)"
            : _progress.Blocked && targets?.Needed > 0 ? $"{_progress.Reason} ({_progress.Streak} calls without progress; one more after each back-off)"
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
        return new NodeView(BuildAllocation(), State.Instance?.InstanceType, State.Instance?.AvailabilityZone, State.Spec, targets?.Target ?? 0,
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
        var summary = new NodeSummary(InstanceId, allocation.Status, State.Instance?.InstanceType, allocation.Available, allocation.Used,
            allocation.Pending, Targets()?.Target ?? 0, State.Enis.Count, State.Enis.Sum(e => e.Prefixes.Count), allocation.Detail,
            State.UpdatedAt ?? Now);
        if (_published is not null && SameLine(_published, summary))
        {
            return;
        }

        _published = summary;
        await GrainFactory.GetGrain<IFleetIndexGrain>("default").Upsert(summary);
        await _observers.Notify(o => o.OnAllocationChanged(allocation));
    }

    private static bool SameLine(NodeSummary a, NodeSummary b) =>
        a.Status == b.Status && a.Available == b.Available && a.Used == b.Used && a.Pending == b.Pending && a.Target == b.Target
        && a.Enis == b.Enis && a.Prefixes == b.Prefixes && a.Detail == b.Detail;
}
