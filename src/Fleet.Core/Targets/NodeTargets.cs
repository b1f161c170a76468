using Fleet.Core.Catalog;
using Fleet.Core.Model;

namespace Fleet.Core.Targets;

/// <summary>
/// A node's position against its watermarks (a value: a struct, since every plan computes one). <see cref="Needed"/> and <see cref="Excess"/> are Cilium's, except that
/// pods waiting for an address raise <see cref="Needed"/> until they are covered (Cilium's surge only sizes one call).
/// </summary>
/// <param name="PrefixMode">Whether new capacity comes as /28 prefixes.</param>
/// <param name="Available">Addresses the node holds on counted ENIs.</param>
/// <param name="Used">Addresses in use.</param>
/// <param name="Pending">Pods waiting for an address.</param>
/// <param name="Needed">Addresses the node must gain to meet its target.</param>
/// <param name="Excess">Addresses the node could give back.</param>
/// <param name="MaxAllocate">The cap in force (spec, or the instance maximum).</param>
/// <param name="Ceiling">The most addresses one call may bring the node to: target + max-above-watermark, capped.</param>
/// <param name="Unreachable">Demand beyond <see cref="MaxAllocate"/> that no call can serve.</param>
/// <param name="CappedByInstance">Whether <see cref="MaxAllocate"/> is the instance maximum rather than the spec's.</param>
/// <param name="CappedByMaxPods">Whether <see cref="MaxAllocate"/> is the spec's max-pods cap (<see cref="MaxPodsCap"/>).</param>
public readonly record struct NodeTargets(
    bool PrefixMode,
    int Available,
    int Used,
    int Pending,
    int Needed,
    int Excess,
    int MaxAllocate,
    int Ceiling,
    int Unreachable,
    bool CappedByInstance,
    bool CappedByMaxPods = false)
{
    /// <summary>The address count the node must reach.</summary>
    public int Target => Available + Needed;

    /// <summary>Whether prefix mode applies to the node, or why the spec cannot be honoured.</summary>
    public static bool ResolvePrefixMode(NodeSpec spec, InstanceLimits limits, out string? error)
    {
        error = null;
        switch (spec.PrefixDelegation)
        {
            case PrefixDelegation.Off:
                return false;
            case PrefixDelegation.On when !limits.SupportsPrefixDelegation:
                error = $"instance type {limits.InstanceType} ({(limits.Hypervisor.Length == 0 ? "unknown" : limits.Hypervisor)} hypervisor) " +
                        "cannot hold /28 prefixes: only Nitro and bare-metal types can";
                return false;
            default:
                return limits.SupportsPrefixDelegation;
        }
    }

    /// <summary>Whether an ENI counts toward the node's addresses (attached, at or above the first interface index, not excluded by tag).</summary>
    public static bool Counts(Eni eni, NodeSpec spec)
    {
        if (eni.Attachment is null || eni.Attachment.DeviceIndex < spec.FirstInterfaceIndex)
        {
            return false;
        }

        if (spec.ExcludeInterfaceTags.Count == 0)
        {
            return true;
        }

        foreach (var (key, value) in spec.ExcludeInterfaceTags)
        {
            if (!eni.Tags.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Computes a node's targets.</summary>
    public static NodeTargets Compute(NodeState node, NodeSpec spec, Demand demand)
    {
        var prefixMode = ResolvePrefixMode(spec, node.Limits, out _);
        var available = node.UsableAddresses(spec);

        var instanceMax = CiliumMath.MaximumAllocatable(node.Limits, spec.FirstInterfaceIndex, prefixMode);
        var cappedByInstance = spec.MaxAllocate <= 0 || spec.MaxAllocate >= instanceMax;
        var maxAllocate = cappedByInstance ? instanceMax : spec.MaxAllocate;
        var cappedByMaxPods = false;
        if (MaxPodsCap(spec, prefixMode) is { } cap && cap < maxAllocate)
        {
            (maxAllocate, cappedByInstance, cappedByMaxPods) = (cap, false, true);
        }

        var used = Math.Max(demand.Used, 0);
        var pending = Math.Max(demand.Pending, 0);

        var needed = CiliumMath.NeededIps(available, used, spec.EffectivePreAllocate, spec.MinAllocate, maxAllocate);
        var uncovered = pending - (available - used);
        if (uncovered > needed)
        {
            needed = Math.Max(Math.Min(uncovered, maxAllocate - available), needed);
        }

        var excess = needed > 0 ? 0 : CiliumMath.ExcessIps(available, used, spec.EffectivePreAllocate, spec.MinAllocate, spec.MaxAboveWatermark);
        var ceiling = Math.Max(Math.Min(available + needed + spec.MaxAboveWatermark, maxAllocate), available + needed);
        var wanted = Math.Max(used + pending, spec.MinAllocate);
        var unreachable = Math.Max(wanted - maxAllocate, 0);
        return new NodeTargets(prefixMode, available, used, pending, needed, excess, maxAllocate, ceiling, unreachable, cappedByInstance, cappedByMaxPods);
    }

    /// <summary>
    /// The most addresses a node with a max-pods may hold: max-pods + pre-allocate, rounded up to whole /28 prefixes in
    /// prefix mode, and never below min-allocate; null when the spec sets no max-pods. Example: max-pods 20, pre-allocate
    /// 8, prefixes → 32 (two prefixes), so a 20-pod node never holds 100 addresses.
    /// </summary>
    public static int? MaxPodsCap(NodeSpec spec, bool prefixMode)
    {
        if (spec.MaxPods <= 0)
        {
            return null;
        }

        var addresses = (long)spec.MaxPods + spec.EffectivePreAllocate;
        if (prefixMode)
        {
            addresses = (addresses + InstanceLimits.PrefixSize - 1) / InstanceLimits.PrefixSize * InstanceLimits.PrefixSize;
        }

        return (int)Math.Min(Math.Max(addresses, spec.MinAllocate), int.MaxValue);
    }
}
