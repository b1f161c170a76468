using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Node;
using Fleet.Core.Priors;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Node;

/// <summary>What a node shows, from its memory: its allocation to agents, its detail to operators, its line in the index.</summary>
internal static class NodeViews
{
    public static NodeAllocation Allocation(NodeMemory m, AllocatorOptions options, long version)
    {
        var targets = NodeStanding.Targets(m);
        var enis = m.Enis
            .Where(e => e.Attachment is not null && e.DeviceIndex >= m.Spec.FirstInterfaceIndex)
            .Select(e => new EniAllocation(e.Id, e.DeviceIndex, e.SubnetId, e.PrimaryIp, e.Prefixes, e.SecondaryIps))
            .ToImmutableArray();
        ImmutableArray<string> release = m.Release is { } r ? [.. r.Addresses.Prefixes, .. r.Addresses.Ips] : [];
        return new NodeAllocation(m.InstanceId, Status(NodeStanding.Phase(m, options)), NodeStanding.Detail(m, options), targets?.Available ?? 0,
            m.Demand?.Demand.Used ?? 0, m.Demand?.Demand.Pending ?? 0, targets?.Needed ?? 0, enis, release, version);
    }

    public static NodeView View(NodeMemory m, AllocatorOptions options, long version, DateTimeOffset now, DateTimeOffset? updatedAt, int? groupPeak = null)
    {
        var loop = m.Loop;
        var pending = loop.Requested is { } action ? $"waiting for a {action} token since {loop.RequestedAt:O}"
            : loop.BackoffUntil is { } until && until > now ? $"backing off until {until:O}"
            : null;
        return new NodeView(Allocation(m, options, version), m.Instance?.InstanceType, m.Instance?.AvailabilityZone, m.Spec.ToDto(),
            NodeStanding.TargetLevel(m), pending, m.Intent?.Describe(), m.LastError?.ToString(),
            m.Calls.ToImmutableDictionary(c => c.Key.ToString(), c => c.Value, StringComparer.Ordinal), updatedAt, m.PodIntent?.Pods, Prior(m, options, groupPeak))
        {
            Cluster = NodeClusters.Of(m, options),
        };
    }

    /// <summary>What a prior sizes the node's calls for, in words; null once its own peak is known, or when none applies.</summary>
    private static string? Prior(NodeMemory m, AllocatorOptions options, int? groupPeak)
    {
        if (!m.Peak.Young || m.Terminated)
        {
            return null;
        }

        var reach = NodePrior.For(m.Spec, options.Prior, NodeLoop.WantsGroupPeak(m, options) ? groupPeak : null);
        return reach.Source switch
        {
            PriorSource.Group => $"calls reach for {reach.Pods} pods (its group's p{options.Prior.Quantile * 100:0.#} peak) until its own peak shows",
            PriorSource.MaxPods => $"calls reach for {reach.Pods} pods (its max-pods) until its own peak shows",
            _ => null,
        };
    }

    /// <summary>
    /// The node's line in the index. Its ENIs and prefixes are those of the allocation (the interfaces that give pods
    /// addresses), as the node's detail and the fleet page show them: eth0 counts only when pods may use it.
    /// </summary>
    public static NodeSummary Summary(NodeMemory m, NodeAllocation allocation, DateTimeOffset updatedAt, AllocatorOptions options) => new(
        m.InstanceId, allocation.Status, m.Instance?.InstanceType, allocation.Available, allocation.Used, allocation.Pending,
        NodeStanding.TargetLevel(m), allocation.Enis.Length, allocation.Enis.Sum(e => e.Prefixes.Length), allocation.Detail, updatedAt)
    {
        Cluster = NodeClusters.Of(m, options),
    };

    /// <summary>Whether two index lines differ in anything but their time.</summary>
    public static bool SameLine(NodeSummary a, NodeSummary b) =>
        a.Status == b.Status && a.Available == b.Available && a.Used == b.Used && a.Pending == b.Pending && a.Target == b.Target
        && a.Enis == b.Enis && a.Prefixes == b.Prefixes && a.Detail == b.Detail && a.Cluster == b.Cluster;

    private static NodeStatus Status(NodePhase phase) => phase switch
    {
        NodePhase.Discovering => NodeStatus.Discovering,
        NodePhase.Allocating => NodeStatus.Allocating,
        NodePhase.Ready => NodeStatus.Ready,
        NodePhase.Blocked => NodeStatus.Blocked,
        NodePhase.NotFound => NodeStatus.NotFound,
        _ => NodeStatus.Unknown,
    };
}
