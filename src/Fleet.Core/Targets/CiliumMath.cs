using Fleet.Core.Catalog;

namespace Fleet.Core.Targets;

/// <summary>
/// Cilium's per-node watermark arithmetic (operator <c>calculateNeededIPs</c>, <c>calculateExcessIPs</c>,
/// <c>GetMaximumAllocatableIPv4</c>), reproduced exactly so the same inputs give the same results.
/// See Cilium's calculateNeededIPs and calculateExcessIPs, pkg/ipam/node.go in github.com/cilium/cilium.
/// </summary>
public static class CiliumMath
{
    /// <summary>Addresses a node must gain: Cilium's <c>calculateNeededIPs</c>.</summary>
    /// <param name="available">Addresses the node holds.</param>
    /// <param name="used">Addresses in use.</param>
    /// <param name="preAllocate">Free addresses to keep.</param>
    /// <param name="minAllocate">Least addresses to hold (0 = none).</param>
    /// <param name="maxAllocate">Most addresses to hold (0 = no cap).</param>
    public static int NeededIps(int available, int used, int preAllocate, int minAllocate, int maxAllocate)
    {
        var needed = preAllocate - (available - used);
        if (minAllocate > 0)
        {
            needed = Math.Max(needed, minAllocate - available);
        }

        if (maxAllocate > 0 && available + needed > maxAllocate)
        {
            needed = maxAllocate - available;
        }

        return Math.Max(needed, 0);
    }

    /// <summary>Addresses a node could give back: Cilium's <c>calculateExcessIPs</c> (v1.19/main form).</summary>
    public static int ExcessIps(int available, int used, int preAllocate, int minAllocate, int maxAboveWatermark)
    {
        if (used <= minAllocate + maxAboveWatermark)
        {
            if (available <= minAllocate + maxAboveWatermark)
            {
                return 0;
            }

            if (used + preAllocate <= minAllocate + maxAboveWatermark)
            {
                return available - minAllocate - maxAboveWatermark;
            }
        }

        return Math.Max(available - used - preAllocate - maxAboveWatermark, 0);
    }

    /// <summary>The most addresses an instance can offer: Cilium's <c>GetMaximumAllocatableIPv4</c>.</summary>
    public static int MaximumAllocatable(InstanceLimits limits, int firstInterfaceIndex, bool prefixDelegated)
    {
        var perInterface = limits.SecondarySlotsPerInterface;
        if (prefixDelegated)
        {
            perInterface *= InstanceLimits.PrefixSize;
        }

        return Math.Max(limits.MaxInterfaces - firstInterfaceIndex, 0) * perInterface;
    }
}
