using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Core.Node;

/// <summary>Where a node stands, as its views show it.</summary>
public enum NodePhase
{
    /// <summary>No demand was ever reported.</summary>
    Unknown = 0,

    /// <summary>The instance is being read from EC2.</summary>
    Discovering = 1,

    /// <summary>Short of its target, or a call is in flight.</summary>
    Allocating = 2,

    /// <summary>At its target.</summary>
    Ready = 3,

    /// <summary>Short, and no call can help now (limits, subnets, or calls that make no progress).</summary>
    Blocked = 4,

    /// <summary>EC2 says the instance is terminated.</summary>
    NotFound = 5,
}

/// <summary>A node's phase, the sentence that explains it, and its targets: what every view of the node shows.</summary>
public static class NodeStanding
{
    /// <summary>The node's phase.</summary>
    public static NodePhase Phase(NodeMemory m, AllocatorOptions options)
    {
        if (m.Terminated)
        {
            return NodePhase.NotFound;
        }

        if (m.Demand is null)
        {
            return NodePhase.Unknown;
        }

        if (m.Instance is null)
        {
            return NodePhase.Discovering;
        }

        if (m.Loop.CallsWithoutProgress >= options.NoProgressLimit)
        {
            return NodePhase.Blocked;
        }

        if (m.Loop.LastOutcome is { Status: PlanStatus.Blocked })
        {
            return NodePhase.Blocked;
        }

        if (m.Loop.LastOutcome is null && PrefixModeError(m) is not null)
        {
            return NodePhase.Blocked;
        }

        return Targets(m)!.Value.Needed > 0 || m.Intent is not null ? NodePhase.Allocating : NodePhase.Ready;
    }

    /// <summary>A sentence for operators and agents.</summary>
    public static string Detail(NodeMemory m, AllocatorOptions options)
    {
        if (m.Terminated)
        {
            return "EC2 says this instance is terminated";
        }

        if (m.Demand is null)
        {
            return "no demand reported";
        }

        if (m.Instance is null)
        {
            return m.LastError?.Message ?? "discovering";
        }

        if (m.Loop.CallsWithoutProgress >= options.NoProgressLimit && m.LastError is { } stuck)
        {
            return stuck.Message;
        }

        if (m.Loop.LastOutcome is { } outcome)
        {
            return outcome.Detail;
        }

        if (PrefixModeError(m) is { } error)
        {
            return error;
        }

        var needed = Targets(m)!.Value.Needed;
        return needed > 0 ? $"short by {needed} addresses" : m.Intent is { } intent ? intent.Describe() : "target met";
    }

    /// <summary>The node's watermarks now; null until the instance is known.</summary>
    public static NodeTargets? Targets(NodeMemory m) =>
        m.Node is not { } node ? null : m.Loop.LastOutcome?.Targets ?? NodeTargets.Compute(node, m.Spec, m.PlanningDemand);

    /// <summary>
    /// The addresses the node must hold — what views call its target: used plus the larger of pre-allocate and pending
    /// pods, at least min-allocate, capped at max-allocate (the instance maximum when the spec sets none). The node's
    /// <see cref="NodeTargets.Needed"/> is exactly this less what it holds, when positive; unlike
    /// <see cref="NodeTargets.Target"/> (held + needed) it does not follow the holdings up, so a ready node with room to
    /// release shows a target below what it holds. 0 until the instance is known.
    /// </summary>
    public static int TargetLevel(NodeMemory m) => Targets(m) is not { } t ? 0
        : Math.Min(Math.Max(t.Used + Math.Max(m.Spec.EffectivePreAllocate, t.Pending), m.Spec.MinAllocate), t.MaxAllocate);

    private static string? PrefixModeError(NodeMemory m)
    {
        NodeTargets.ResolvePrefixMode(m.Spec, m.Instance!.Limits, out var error);
        return error;
    }
}
