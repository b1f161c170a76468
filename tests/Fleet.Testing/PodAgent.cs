using System.Collections.Immutable;
using System.Net;
using Fleet.Abstractions.Messages;

namespace Fleet.Testing;

/// <summary>
/// A node agent whose pod count the test sets (<see cref="Desired"/>): it places running pods on addresses its node's
/// last allocation gives (never on one proposed for release), reports the rest as pending, lists the addresses in use,
/// and acknowledges every proposed release none of its pods uses — the release handshake as a CNI would run it.
/// <see cref="InUse"/> is what it uses right now (thread-safe), for checks against EC2. Deterministic for a seed.
/// </summary>
public sealed class PodAgent(string instanceId, int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<string> _inUse = [];
    private readonly Lock _gate = new();
    private int _desired;

    /// <summary>The instance this agent speaks for.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>
    /// Pods the agent wants to run. Set by the test while the agent reports: a report reads it once, under the same
    /// lock, so a report's used + pending is always one value of it (never used 50, pending 5 − 50).
    /// </summary>
    public int Desired
    {
        get
        {
            lock (_gate)
            {
                return _desired;
            }
        }

        set
        {
            lock (_gate)
            {
                _desired = value;
            }
        }
    }

    /// <summary>The node's allocation as last answered.</summary>
    public NodeAllocation? Allocation { get; private set; }

    /// <summary>Addresses pods used that a later allocation no longer listed (Fleet took them away): must stay 0.</summary>
    public int Evicted { get; private set; }

    /// <summary>Whether every desired pod runs and the node says it is at its target.</summary>
    public bool Settled => Allocation is { Status: NodeStatus.Ready, Pending: 0 } a && a.Used == Desired;

    /// <summary>Whether the node proposes nothing for release (excess given back).</summary>
    public bool Lean => Allocation is { } a && a.ProposedRelease.IsEmpty;

    /// <summary>The addresses in use now.</summary>
    public IReadOnlyCollection<string> InUse
    {
        get
        {
            lock (_gate)
            {
                return [.. _inUse];
            }
        }
    }

    /// <summary>Builds the next report from the allocation last seen: pods placed or stopped, releases acknowledged.</summary>
    public DemandReport NextReport()
    {
        lock (_gate)
        {
            var desired = _desired;
            var usable = UsableAddresses.Of(Allocation);
            var proposed = (Allocation?.ProposedRelease ?? []).ToHashSet(StringComparer.Ordinal);
            var proposedAddresses = proposed.SelectMany(UsableAddresses.Expand).ToHashSet(StringComparer.Ordinal);
            while (_inUse.Count > desired)
            {
                _inUse.RemoveAt(_random.Next(_inUse.Count));
            }

            if (_inUse.Count < desired)
            {
                var held = _inUse.ToHashSet(StringComparer.Ordinal);
                _inUse.AddRange(usable.Where(a => !held.Contains(a) && !proposedAddresses.Contains(a)).Take(desired - _inUse.Count));
            }

            var inUse = _inUse.ToHashSet(StringComparer.Ordinal);
            var acks = proposed.Where(p => !UsableAddresses.Expand(p).Any(inUse.Contains)).ToImmutableArray();
            return new DemandReport(_inUse.Count, desired - _inUse.Count, [.. _inUse], acks);
        }
    }

    /// <summary>Takes the node's answer; counts (and forgets) pods whose address the allocation no longer lists.</summary>
    public void Observe(NodeAllocation allocation)
    {
        lock (_gate)
        {
            if (Allocation is not null && allocation.Version < Allocation.Version)
            {
                return; // an older answer overtaken by a newer one
            }

            Allocation = allocation;
            var usable = UsableAddresses.Of(allocation).ToHashSet(StringComparer.Ordinal);
            Evicted += _inUse.RemoveAll(a => !usable.Contains(a));
        }
    }

    /// <summary>The instance is gone: its pods with it.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _desired = 0;
            _inUse.Clear();
        }
    }
}
