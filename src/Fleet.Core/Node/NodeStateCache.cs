using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// The last <see cref="NodeState"/> built for <see cref="NodeMemory.Node"/>, shared by the memories copied from one
/// another (a record's <c>with</c> copies the reference), so a step that reads the node several times builds it once.
/// It is rebuilt whenever the instance or the ENIs it was built from are not the ones asked for. Never part of a
/// memory's value: every cache equals every other.
/// </summary>
internal sealed class NodeStateCache : IEquatable<NodeStateCache>
{
    private Entry? _last;

    /// <summary>The node as the planner sees it, built from these facts or taken from the last build of the same ones.</summary>
    public NodeState Of(string instanceId, InstanceFacts instance, ImmutableArray<Eni> enis)
    {
        if (_last is { } last && ReferenceEquals(last.Instance, instance) && last.State.Enis == enis
            && string.Equals(last.State.InstanceId, instanceId, StringComparison.Ordinal))
        {
            return last.State;
        }

        var state = new NodeState(instanceId, instance.Limits, instance.AvailabilityZone, instance.VpcId, instance.SubnetId, enis);
        _last = new Entry(instance, state);
        return state;
    }

    /// <inheritdoc />
    public bool Equals(NodeStateCache? other) => other is not null;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NodeStateCache;

    /// <inheritdoc />
    public override int GetHashCode() => 0;

    private sealed record Entry(InstanceFacts Instance, NodeState State);
}
