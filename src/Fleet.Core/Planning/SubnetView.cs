using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Fleet.Core.Planning;

/// <summary>
/// The subnets a planner may draw from. A subnet the view does not know is treated as unconstrained (EC2 will
/// answer for it); a known subnet with no room is never sent a call.
/// </summary>
public sealed class SubnetView
{
    private readonly FrozenDictionary<string, SubnetCapacity> _byId;
    private readonly ConcurrentDictionary<(string Vpc, string Zone, bool Prefix), ImmutableArray<SubnetCapacity>> _zones = new();

    /// <summary>Creates a view over known subnets.</summary>
    public SubnetView(IEnumerable<SubnetCapacity> subnets)
    {
        _byId = subnets.ToFrozenDictionary(s => s.SubnetId, StringComparer.Ordinal);
        All = [.. _byId.Values.OrderBy(s => s.SubnetId, StringComparer.Ordinal)];
    }

    /// <summary>A view that knows no subnets: every subnet is unconstrained.</summary>
    public static SubnetView Unconstrained { get; } = new([]);

    /// <summary>Every known subnet, by id.</summary>
    public ImmutableArray<SubnetCapacity> All { get; }

    /// <summary>Finds a known subnet.</summary>
    public SubnetCapacity? Find(string subnetId) => _byId.GetValueOrDefault(subnetId);

    /// <summary>
    /// The known subnets of a VPC and zone, most room first (free /28 blocks when <paramref name="prefixMode"/>, then free
    /// addresses; ties by id). Computed once per view: every node of the zone plans against the same ordering.
    /// </summary>
    public ImmutableArray<SubnetCapacity> InZone(string vpcId, string availabilityZone, bool prefixMode) =>
        _zones.GetOrAdd((vpcId, availabilityZone, prefixMode), key =>
        {
            var zone = All.Where(s => string.Equals(s.VpcId, key.Vpc, StringComparison.Ordinal)
                && string.Equals(s.AvailabilityZone, key.Zone, StringComparison.Ordinal)).ToArray();
            Array.Sort(zone, key.Prefix ? s_byBlocks : s_byAddresses);
            return ImmutableCollectionsMarshal.AsImmutableArray(zone);
        });

    // Healthy subnets first, then by room: an impaired subnet is tried only when no healthy one can take the ENI.
    private static readonly Comparison<SubnetCapacity> s_byAddresses = (a, b) =>
        a.Impaired != b.Impaired ? a.Impaired.CompareTo(b.Impaired)
        : b.FreeAddresses != a.FreeAddresses ? b.FreeAddresses.CompareTo(a.FreeAddresses) : string.CompareOrdinal(a.SubnetId, b.SubnetId);

    private static readonly Comparison<SubnetCapacity> s_byBlocks = (a, b) =>
        a.Impaired != b.Impaired ? a.Impaired.CompareTo(b.Impaired)
        : b.FreeBlocks != a.FreeBlocks ? b.FreeBlocks.CompareTo(a.FreeBlocks) : s_byAddresses(a, b);

    /// <summary>Orders subnets by room, as <see cref="InZone"/> does.</summary>
    internal static ImmutableArray<SubnetCapacity> Order(IEnumerable<SubnetCapacity> subnets, bool prefixMode)
    {
        var array = subnets.ToArray();
        Array.Sort(array, prefixMode ? s_byBlocks : s_byAddresses);
        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    /// <summary>The capacity of a subnet, unconstrained if unknown.</summary>
    public SubnetCapacity CapacityOf(string subnetId, string vpcId, string availabilityZone) =>
        Find(subnetId) ?? SubnetCapacity.Unlimited(subnetId, vpcId, availabilityZone);
}
