using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// One way to add capacity: grow an existing ENI (one Assign call) or add a new ENI (Create + Attach).
/// </summary>
/// <param name="Eni">The ENI to grow, or null for a new ENI.</param>
/// <param name="SubnetId">The subnet the addresses come from.</param>
/// <param name="Kind">Prefixes, or secondary IPs (also the per-call fallback when a subnet has no free /28).</param>
/// <param name="Units">The most prefixes or IPs the call can carry.</param>
/// <param name="Bonus">Addresses that come with the option regardless of units (a new ENI's primary, when pods may use it).</param>
internal readonly record struct CapacityOption(Eni? Eni, string SubnetId, AddressKind Kind, int Units, int Bonus)
{
    public int PerUnit => Kind == AddressKind.Prefix ? InstanceLimits.PrefixSize : 1;

    public int Capacity => (Units * PerUnit) + Bonus;

    public int Calls => Eni is null ? 2 : 1;

    /// <summary>Units needed to bring <paramref name="addresses"/> (at least one unit unless the bonus covers it).</summary>
    public int UnitsFor(int addresses)
    {
        var wanted = Math.Max(addresses - Bonus, 0);
        var units = (wanted + PerUnit - 1) / PerUnit;
        return Math.Clamp(units, Bonus > 0 || Eni is null ? 0 : 1, Units);
    }
}
