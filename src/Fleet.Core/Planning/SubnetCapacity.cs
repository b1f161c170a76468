using System.Collections.Immutable;

namespace Fleet.Core.Planning;

/// <summary>
/// What a subnet can still give, as last seen minus reservations made since.
/// </summary>
/// <param name="SubnetId">The subnet id.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="AvailabilityZone">Its availability zone.</param>
/// <param name="FreeAddresses">Free individual addresses (what EC2's <c>availableIpAddressCount</c> reports).</param>
/// <param name="FreeBlocks">Free aligned /28 blocks: what prefixes need. Can be 0 while addresses are free (fragmentation).</param>
/// <param name="Tags">The subnet's tags.</param>
public sealed record SubnetCapacity(
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    int FreeAddresses,
    int FreeBlocks,
    ImmutableDictionary<string, string> Tags)
{
    /// <summary>
    /// Whether calls into the subnet just failed transiently (5xx, timeouts): new ENIs go to a healthy sibling first,
    /// and an ENI here is grown only when no sibling can take a new one. Default false.
    /// </summary>
    public bool Impaired { get; init; }

    /// <summary>A subnet whose capacity is not a constraint (planning dry runs).</summary>
    public static SubnetCapacity Unlimited(string subnetId, string vpcId, string availabilityZone) =>
        new(subnetId, vpcId, availabilityZone, int.MaxValue / 4, int.MaxValue / 64, ImmutableDictionary<string, string>.Empty);

    /// <summary>Whether the subnet carries all of the given tags.</summary>
    public bool HasTags(ImmutableDictionary<string, string> tags)
    {
        foreach (var (key, value) in tags)
        {
            if (!Tags.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
