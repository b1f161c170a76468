using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// Every address a node holds — primaries, secondary IPs, and each address of each prefix — as a set to test reported
/// addresses against. A /28 prefix is kept as its network, not as its sixteen addresses.
/// </summary>
internal sealed class HeldAddresses
{
    private const uint PrefixMask = ~(InstanceLimits.PrefixSize - 1u);
    private readonly HashSet<uint> _addresses = [];
    private readonly HashSet<uint> _prefixes = [];

    private HeldAddresses()
    {
    }

    /// <summary>The addresses <paramref name="node"/> holds.</summary>
    public static HeldAddresses Of(NodeState node)
    {
        var held = new HeldAddresses();
        foreach (var eni in node.Enis)
        {
            held._addresses.Add(Ipv4.Parse(eni.PrimaryIp));
            foreach (var ip in eni.SecondaryIps)
            {
                held._addresses.Add(Ipv4.Parse(ip));
            }

            foreach (var prefix in eni.Prefixes)
            {
                var (network, length) = Ipv4.ParseCidr(prefix);
                if (length == 28)
                {
                    held._prefixes.Add(network);
                    continue;
                }

                for (uint i = 0; i < 1u << (32 - length); i++)
                {
                    held._addresses.Add(network + i);
                }
            }
        }

        return held;
    }

    /// <summary>Whether the node holds <paramref name="address"/>.</summary>
    public bool Contains(uint address) => _addresses.Contains(address) || _prefixes.Contains(address & PrefixMask);
}
