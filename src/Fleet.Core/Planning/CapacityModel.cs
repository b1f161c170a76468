using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// The ways a node can gain capacity from its current state, and the cheapest combination of them that covers a
/// need. The planner takes the first step of that combination; the lower bound is its cost. Because both read the
/// same model, following the planner reaches the target in exactly the lower bound's number of calls.
/// </summary>
internal sealed class CapacityModel
{
    private readonly List<CapacityOption> _grow;
    private readonly List<CapacityOption> _new;
    private readonly int[] _growPrefix;
    private readonly int[] _newPrefix;

    private CapacityModel(List<CapacityOption> grow, List<CapacityOption> fresh)
    {
        _grow = grow;
        _new = fresh;
        _growPrefix = PrefixSums(grow);
        _newPrefix = PrefixSums(fresh);
    }

    /// <summary>Options to grow existing ENIs, largest first.</summary>
    public IReadOnlyList<CapacityOption> Grow => _grow;

    /// <summary>New ENIs in the order they would be created.</summary>
    public IReadOnlyList<CapacityOption> New => _new;

    /// <summary>The most addresses all options together can add.</summary>
    public int Reachable => _growPrefix[^1] + _newPrefix[^1];

    public static CapacityModel Build(NodeState node, NodeSpec spec, SubnetView subnets, bool prefixMode)
    {
        var limits = node.Limits;
        var grow = new List<CapacityOption>();
        foreach (var eni in node.Enis)
        {
            if (!NodeTargets.Counts(eni, spec))
            {
                continue;
            }

            var free = eni.FreeSlots(limits.Ipv4PerInterface);
            if (free <= 0)
            {
                continue;
            }

            var subnet = subnets.CapacityOf(eni.SubnetId, node.VpcId, node.AvailabilityZone);
            if (prefixMode && subnet.FreeBlocks > 0)
            {
                grow.Add(new CapacityOption(eni, eni.SubnetId, AddressKind.Prefix, Math.Min(free, subnet.FreeBlocks), 0));
            }
            else if (subnet.FreeAddresses > 0)
            {
                grow.Add(new CapacityOption(eni, eni.SubnetId, AddressKind.Ip, Math.Min(free, subnet.FreeAddresses), 0));
            }
        }

        grow.Sort(static (a, b) => b.Capacity != a.Capacity ? b.Capacity.CompareTo(a.Capacity) : a.Eni!.DeviceIndex.CompareTo(b.Eni!.DeviceIndex));

        var fresh = new List<CapacityOption>();
        var emptySlots = InterfaceSlots.Empty(node);
        if (emptySlots > 0)
        {
            var candidates = SubnetChooser.Candidates(node, spec, subnets, prefixMode);
            var taken = new Dictionary<string, (int Blocks, int Addresses)>(StringComparer.Ordinal);
            var slots = limits.SecondarySlotsPerInterface;
            var bonus = spec.UsePrimaryAddress ? 1 : 0;
            for (var k = 0; k < emptySlots; k++)
            {
                var option = NextNewEni(candidates, taken, slots, bonus, prefixMode);
                if (option is null)
                {
                    break;
                }

                fresh.Add(option.Value);
            }
        }

        return new CapacityModel(grow, fresh);
    }

    /// <summary>
    /// The cheapest way to add at least <paramref name="need"/> addresses: grow the <c>GrowCount</c> largest ENIs
    /// (1 call each) and add <c>NewCount</c> ENIs (2 calls each). Ties go to growing, which keeps ENI slots free.
    /// When <paramref name="need"/> is beyond reach, the cheapest way to everything reachable.
    /// </summary>
    public (int GrowCount, int NewCount, int Calls, int Covered) Cheapest(int need)
    {
        need = Math.Min(need, Reachable);
        if (need <= 0)
        {
            return (0, 0, 0, 0);
        }

        (int Grow, int New, int Calls) best = (-1, -1, int.MaxValue);
        for (var j = 0; j <= _grow.Count; j++)
        {
            var rest = need - _growPrefix[j];
            var n = 0;
            if (rest > 0)
            {
                n = SmallestCovering(_newPrefix, rest);
                if (n < 0)
                {
                    continue;
                }
            }

            var calls = j + (2 * n);
            if (calls <= best.Calls)
            {
                best = (j, n, calls);
            }

            if (rest <= 0)
            {
                break;
            }
        }

        return (best.Grow, best.New, best.Calls, need);
    }

    /// <summary>
    /// The next new ENI's option: the first candidate with room, less what the ENIs planned before it take
    /// (<paramref name="taken"/>, by subnet, updated).
    /// </summary>
    private static CapacityOption? NextNewEni(
        IEnumerable<SubnetCapacity> candidates, Dictionary<string, (int Blocks, int Addresses)> taken, int slots, int bonus, bool prefixMode)
    {
        if (prefixMode)
        {
            foreach (var candidate in candidates)
            {
                var (blocks, addresses) = Left(candidate, taken);

                // A prefix ENI also needs one free address for its primary IP.
                if (blocks > 0 && addresses > 0)
                {
                    var units = Math.Min(slots, blocks);
                    Take(candidate, taken, units, (units * Catalog.InstanceLimits.PrefixSize) + 1);
                    return new CapacityOption(null, candidate.SubnetId, AddressKind.Prefix, units, bonus);
                }
            }
        }

        foreach (var candidate in candidates)
        {
            var (_, addresses) = Left(candidate, taken);
            if (addresses > 1)
            {
                var units = Math.Min(slots, addresses - 1);
                Take(candidate, taken, 0, units + 1);
                return new CapacityOption(null, candidate.SubnetId, AddressKind.Ip, units, bonus);
            }
        }

        return null;
    }

    private static (int Blocks, int Addresses) Left(SubnetCapacity subnet, Dictionary<string, (int Blocks, int Addresses)> taken)
    {
        var (blocks, addresses) = taken.GetValueOrDefault(subnet.SubnetId);
        return (subnet.FreeBlocks - blocks, subnet.FreeAddresses - addresses);
    }

    private static void Take(SubnetCapacity subnet, Dictionary<string, (int Blocks, int Addresses)> taken, int blocks, long addresses)
    {
        var (b, a) = taken.GetValueOrDefault(subnet.SubnetId);
        taken[subnet.SubnetId] = (b + blocks, a + (int)addresses);
    }

    private static int SmallestCovering(int[] prefix, int amount)
    {
        for (var n = 1; n < prefix.Length; n++)
        {
            if (prefix[n] >= amount)
            {
                return n;
            }
        }

        return -1;
    }

    private static int[] PrefixSums(List<CapacityOption> options)
    {
        var sums = new int[options.Count + 1];
        for (var i = 0; i < options.Count; i++)
        {
            sums[i + 1] = checked(sums[i] + options[i].Capacity);
        }

        return sums;
    }
}
