using System.Net;

namespace Fleet.Abstractions.Messages;

/// <summary>
/// The addresses an allocation lets an agent give pods, as a CNI sees them: each /28 prefix's 16 addresses and each
/// secondary IP, ENI by ENI in the allocation's order.
/// </summary>
public static class UsableAddresses
{
    /// <summary>Every usable address of <paramref name="allocation"/>; none when there is no allocation yet.</summary>
    public static List<string> Of(NodeAllocation? allocation) =>
        [.. (allocation?.Enis ?? []).SelectMany(e => e.Prefixes.SelectMany(Expand).Concat(e.Ips))];

    /// <summary>The addresses of a prefix in CIDR form (<c>10.0.0.16/28</c>), or the address itself.</summary>
    public static IEnumerable<string> Expand(string prefixOrIp)
    {
        if (!prefixOrIp.Contains('/', StringComparison.Ordinal))
        {
            yield return prefixOrIp;
            yield break;
        }

        var network = IPNetwork.Parse(prefixOrIp);
        var bytes = network.BaseAddress.GetAddressBytes();
        var start = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        for (uint i = 0; i < 1u << (32 - network.PrefixLength); i++)
        {
            var a = start + i;
            yield return $"{a >> 24}.{(a >> 16) & 0xFF}.{(a >> 8) & 0xFF}.{a & 0xFF}";
        }
    }
}
