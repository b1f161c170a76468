using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Fleet.Core.Planning;

/// <summary>
/// The subnets a planner may draw from. A subnet the view does not know is treated as unconstrained (EC2 will
/// answer for it); a known subnet with no room is never sent a call.
/// </summary>
public sealed class SubnetView
{
    private readonly FrozenDictionary<string, SubnetCapacity> _byId;

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

    /// <summary>The capacity of a subnet, unconstrained if unknown.</summary>
    public SubnetCapacity CapacityOf(string subnetId, string vpcId, string availabilityZone) =>
        Find(subnetId) ?? SubnetCapacity.Unlimited(subnetId, vpcId, availabilityZone);
}
