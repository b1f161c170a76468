using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Core.Planning;

/// <summary>
/// The subnets a node's new ENIs may use, in order of preference (DESIGN §3.3, as Cilium's
/// <c>findSuitableSubnet</c>): the spec's subnet ids, else subnets carrying the spec's tags, else the node's own
/// subnet while it has room, then the rest of the node's VPC and AZ with the most free first.
/// </summary>
public static class SubnetChooser
{
    /// <summary>Candidate subnets for new ENIs, best first.</summary>
    public static ImmutableArray<SubnetCapacity> Candidates(NodeState node, NodeSpec spec, SubnetView view, bool prefixMode)
    {
        IEnumerable<SubnetCapacity> pool;
        if (!spec.SubnetIds.IsDefaultOrEmpty)
        {
            pool = spec.SubnetIds
                .Select(id => view.CapacityOf(id, node.VpcId, node.AvailabilityZone))
                .Where(s => InNodeZone(s, node));
            return Order(pool, prefixMode);
        }

        if (spec.SubnetTags.Count > 0)
        {
            pool = view.All.Where(s => InNodeZone(s, node) && s.HasTags(spec.SubnetTags));
            return Order(pool, prefixMode);
        }

        var own = view.CapacityOf(node.NodeSubnetId, node.VpcId, node.AvailabilityZone);
        var others = Order(view.All.Where(s => InNodeZone(s, node) && !string.Equals(s.SubnetId, own.SubnetId, StringComparison.Ordinal)), prefixMode);
        var ownHasRoom = prefixMode ? own.FreeBlocks > 0 : own.FreeAddresses >= node.Limits.Ipv4PerInterface;
        return ownHasRoom ? others.Insert(0, own) : others.Add(own);
    }

    private static bool InNodeZone(SubnetCapacity subnet, NodeState node) =>
        string.Equals(subnet.VpcId, node.VpcId, StringComparison.Ordinal)
        && string.Equals(subnet.AvailabilityZone, node.AvailabilityZone, StringComparison.Ordinal);

    private static ImmutableArray<SubnetCapacity> Order(IEnumerable<SubnetCapacity> subnets, bool prefixMode) =>
        prefixMode
            ? [.. subnets.OrderByDescending(s => s.FreeBlocks).ThenByDescending(s => s.FreeAddresses).ThenBy(s => s.SubnetId, StringComparer.Ordinal)]
            : [.. subnets.OrderByDescending(s => s.FreeAddresses).ThenBy(s => s.SubnetId, StringComparer.Ordinal)];
}
