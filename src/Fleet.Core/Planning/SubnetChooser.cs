using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Core.Planning;

/// <summary>
/// The subnets a node's new ENIs may use, in order of preference (DESIGN §3.3, as Cilium's
/// <c>findSuitableSubnet</c>): the spec's subnet ids, else subnets carrying the spec's tags, else the node's own
/// subnet while it has room, then the rest of the node's VPC and AZ with the most free first; subnets where calls just
/// failed transiently (<see cref="SubnetCapacity.Impaired"/>) come after every healthy one.
/// </summary>
public static class SubnetChooser
{
    /// <summary>
    /// Candidate subnets for new ENIs, best first. Lazy: a planner reads only as far as it needs (nearly always the
    /// first), so a zone of many subnets costs no more than one of few.
    /// </summary>
    public static IEnumerable<SubnetCapacity> Candidates(NodeState node, NodeSpec spec, SubnetView view, bool prefixMode)
    {
        if (!spec.SubnetIds.IsDefaultOrEmpty)
        {
            return SubnetView.Order(spec.SubnetIds
                .Select(id => view.CapacityOf(id, node.VpcId, node.AvailabilityZone))
                .Where(s => InNodeZone(s, node)), prefixMode);
        }

        var zone = view.InZone(node.VpcId, node.AvailabilityZone, prefixMode);
        if (spec.SubnetTags.Count > 0)
        {
            return zone.Where(s => s.HasTags(spec.SubnetTags));
        }

        // The node's own subnet first while it has room, else last; the rest of its zone by room.
        var own = view.CapacityOf(node.NodeSubnetId, node.VpcId, node.AvailabilityZone);
        var ownHasRoom = !own.Impaired && (prefixMode ? own.FreeBlocks > 0 : own.FreeAddresses >= node.Limits.Ipv4PerInterface);
        return OwnFirstOrLast(own, ownHasRoom, zone);
    }

    private static IEnumerable<SubnetCapacity> OwnFirstOrLast(SubnetCapacity own, bool first, ImmutableArray<SubnetCapacity> zone)
    {
        if (first)
        {
            yield return own;
        }

        foreach (var subnet in zone)
        {
            if (!string.Equals(subnet.SubnetId, own.SubnetId, StringComparison.Ordinal))
            {
                yield return subnet;
            }
        }

        if (!first)
        {
            yield return own;
        }
    }

    private static bool InNodeZone(SubnetCapacity subnet, NodeState node) =>
        string.Equals(subnet.VpcId, node.VpcId, StringComparison.Ordinal)
        && string.Equals(subnet.AvailabilityZone, node.AvailabilityZone, StringComparison.Ordinal);
}
