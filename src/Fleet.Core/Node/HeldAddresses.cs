using System.Buffers;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// Every address a node holds — primaries, secondary IPs, and each address of each prefix — to test reported addresses
/// against. A /28 prefix is kept as its network, not as its sixteen addresses. Sorted arrays rented from the shared
/// pool (a report is checked on every pod change): dispose to return them.
/// </summary>
internal readonly struct HeldAddresses : IDisposable
{
    private const uint PrefixMask = ~(InstanceLimits.PrefixSize - 1u);
    private readonly uint[] _addresses;
    private readonly int _addressCount;
    private readonly uint[] _prefixes;
    private readonly int _prefixCount;

    private HeldAddresses(uint[] addresses, int addressCount, uint[] prefixes, int prefixCount)
    {
        _addresses = addresses;
        _addressCount = addressCount;
        _prefixes = prefixes;
        _prefixCount = prefixCount;
    }

    /// <summary>The addresses <paramref name="node"/> holds.</summary>
    public static HeldAddresses Of(NodeState node)
    {
        int singles = 0, prefixes = 0;
        foreach (var eni in node.Enis)
        {
            singles += 1 + eni.SecondaryIps.Length;
            foreach (var prefix in eni.Prefixes)
            {
                var length = Ipv4.ParseCidr(prefix).Length;
                if (length == 28)
                {
                    prefixes++;
                }
                else
                {
                    singles += 1 << (32 - length);
                }
            }
        }

        var addresses = ArrayPool<uint>.Shared.Rent(Math.Max(singles, 1));
        var networks = ArrayPool<uint>.Shared.Rent(Math.Max(prefixes, 1));
        int a = 0, p = 0;
        foreach (var eni in node.Enis)
        {
            addresses[a++] = Ipv4.Parse(eni.PrimaryIp);
            foreach (var ip in eni.SecondaryIps)
            {
                addresses[a++] = Ipv4.Parse(ip);
            }

            foreach (var prefix in eni.Prefixes)
            {
                var (network, length) = Ipv4.ParseCidr(prefix);
                if (length == 28)
                {
                    networks[p++] = network;
                    continue;
                }

                for (uint i = 0; i < 1u << (32 - length); i++)
                {
                    addresses[a++] = network + i;
                }
            }
        }

        addresses.AsSpan(0, a).Sort();
        networks.AsSpan(0, p).Sort();
        return new HeldAddresses(addresses, a, networks, p);
    }

    /// <summary>Whether the node holds <paramref name="address"/>.</summary>
    public bool Contains(uint address) =>
        _addresses.AsSpan(0, _addressCount).BinarySearch(address) >= 0
        || _prefixes.AsSpan(0, _prefixCount).BinarySearch(address & PrefixMask) >= 0;

    public void Dispose()
    {
        ArrayPool<uint>.Shared.Return(_addresses);
        ArrayPool<uint>.Shared.Return(_prefixes);
    }
}
