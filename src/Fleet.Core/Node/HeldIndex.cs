using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// Every address a node's ENIs hold — primaries, secondary IPs and each address of each prefix — numbered, so reported
/// addresses can be tested against them and marked as seen. Single addresses (primaries, secondary IPs, the addresses
/// of a prefix other than a /28) are kept sorted; a /28 prefix is kept as its network and stands for sixteen positions.
/// Immutable; built once per ENI list (<see cref="Of"/>) and kept with the addresses checked against it.
/// </summary>
internal sealed class HeldIndex
{
    private const uint PrefixMask = ~(InstanceLimits.PrefixSize - 1u);
    private readonly uint[] _singles;
    private readonly uint[] _prefixes;

    private HeldIndex(ImmutableArray<Eni> enis, uint[] singles, uint[] prefixes)
    {
        Enis = enis;
        _singles = singles;
        _prefixes = prefixes;
    }

    /// <summary>The ENI list this index was built from.</summary>
    public ImmutableArray<Eni> Enis { get; }

    /// <summary>How many addresses the ENIs hold: positions are 0 to this, exclusive.</summary>
    public int Positions => _singles.Length + (_prefixes.Length * (int)InstanceLimits.PrefixSize);

    /// <summary>The addresses <paramref name="enis"/> hold.</summary>
    public static HeldIndex Of(ImmutableArray<Eni> enis)
    {
        var singles = new List<uint>();
        var prefixes = new List<uint>();
        foreach (var eni in enis)
        {
            singles.Add(Ipv4.Parse(eni.PrimaryIp));
            foreach (var ip in eni.SecondaryIps)
            {
                singles.Add(Ipv4.Parse(ip));
            }

            foreach (var prefix in eni.Prefixes)
            {
                var (network, length) = Ipv4.ParseCidr(prefix);
                if (length == 28)
                {
                    prefixes.Add(network);
                    continue;
                }

                for (uint i = 0; i < 1u << (32 - length); i++)
                {
                    singles.Add(network + i);
                }
            }
        }

        // An address held twice (EC2 never shows one, but a describe is input) keeps one position.
        return new HeldIndex(enis, [.. singles.Order().Distinct()], [.. prefixes.Order().Distinct()]);
    }

    /// <summary>The position of <paramref name="address"/>, or -1 when the node does not hold it.</summary>
    public int PositionOf(uint address)
    {
        var single = _singles.AsSpan().BinarySearch(address);
        if (single >= 0)
        {
            return single;
        }

        var prefix = _prefixes.AsSpan().BinarySearch(address & PrefixMask);
        return prefix >= 0 ? _singles.Length + (prefix * (int)InstanceLimits.PrefixSize) + (int)(address & ~PrefixMask) : -1;
    }

    /// <summary>Whether the node holds <paramref name="address"/>.</summary>
    public bool Contains(uint address) => PositionOf(address) >= 0;
}
