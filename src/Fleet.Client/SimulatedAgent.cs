using System.Collections.Immutable;
using System.Net;
using Fleet.Abstractions.Messages;

namespace Fleet.Client;

/// <summary>
/// A simulated node agent (the kubelet + CNI side of one node), used by the silo's demo fleet and by <c>fleet load</c>. Its pod count drifts toward a workload level that jumps
/// now and then (deployments, scale-ins); it places running pods on addresses the node holds, reports the rest as
/// pending, lists the addresses in use, and acknowledges every proposed release that none of its pods use, so the
/// node can give excess prefixes back. Deterministic for a seed; not thread-safe (one report at a time).
/// </summary>
public sealed class SimulatedAgent(string instanceId, int maxPods, int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<string> _inUse = [];
    private int _level = -1;
    private int _desired;

    /// <summary>The instance this agent speaks for.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>The node's allocation as last answered.</summary>
    public NodeAllocation? Allocation { get; set; }

    /// <summary>Pods the agent wants to run now.</summary>
    public int Desired => _desired;

    /// <summary>Moves the walk one step and builds the report for the allocation last seen.</summary>
    public DemandReport NextReport()
    {
        Walk();
        var usable = UsableAddresses.Of(Allocation);
        var proposed = (Allocation?.ProposedRelease ?? []).ToHashSet(StringComparer.Ordinal);
        _inUse.RemoveAll(a => !usable.Contains(a));
        while (_inUse.Count > _desired)
        {
            _inUse.RemoveAt(_random.Next(_inUse.Count));
        }

        if (_inUse.Count < _desired)
        {
            var held = _inUse.ToHashSet(StringComparer.Ordinal);
            var proposedAddresses = proposed.SelectMany(UsableAddresses.Expand).ToHashSet(StringComparer.Ordinal);
            foreach (var address in usable.Where(a => !held.Contains(a) && !proposedAddresses.Contains(a)).Take(_desired - _inUse.Count))
            {
                _inUse.Add(address);
            }
        }

        var inUse = _inUse.ToHashSet(StringComparer.Ordinal);
        var acks = proposed.Where(p => !UsableAddresses.Expand(p).Any(inUse.Contains)).ToImmutableArray();
        return new DemandReport(_inUse.Count, _desired - _inUse.Count, [.. _inUse], acks);
    }

    /// <summary>Forgets the addresses in use (after the node refused them, e.g. when they were released under the agent).</summary>
    public void Forget() => _inUse.Clear();

    private void Walk()
    {
        if (_level < 0 || _random.NextDouble() < 0.04)
        {
            _level = _random.Next(maxPods / 8, maxPods * 3 / 4 + 1);
        }

        var step = Math.Clamp(_level - _desired, -4, 5) + _random.Next(-2, 3);
        _desired = Math.Clamp(_desired + step, 0, maxPods);
    }
}
