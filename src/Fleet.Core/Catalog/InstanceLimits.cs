using System.Collections.Immutable;

namespace Fleet.Core.Catalog;

/// <summary>
/// The ENI limits of one EC2 instance type, as <c>DescribeInstanceTypes</c> reports them.
/// </summary>
/// <param name="InstanceType">The instance type name, e.g. <c>m5.large</c>.</param>
/// <param name="Hypervisor"><c>nitro</c>, <c>xen</c>, or empty for bare metal.</param>
/// <param name="BareMetal">Whether the type is bare metal.</param>
/// <param name="MaxInterfaces">The most ENIs the instance can hold across all network cards.</param>
/// <param name="Ipv4PerInterface">IPv4 slots per ENI, the ENI's primary address included. A /28 prefix takes one slot.</param>
/// <param name="Ipv6PerInterface">IPv6 addresses per ENI.</param>
/// <param name="DefaultNetworkCardIndex">The card that carries the primary ENI.</param>
/// <param name="NetworkCards">Per-card interface limits; one entry for single-card types.</param>
public sealed record InstanceLimits(
    string InstanceType,
    string Hypervisor,
    bool BareMetal,
    int MaxInterfaces,
    int Ipv4PerInterface,
    int Ipv6PerInterface,
    int DefaultNetworkCardIndex,
    ImmutableArray<NetworkCardLimit> NetworkCards)
{
    /// <summary>Addresses in one /28 IPv4 prefix.</summary>
    public const int PrefixSize = 16;

    /// <summary>
    /// Whether the type can hold /28 prefixes: EC2 assigns prefixes only to Nitro and bare-metal instances.
    /// </summary>
    public bool SupportsPrefixDelegation => BareMetal || string.Equals(Hypervisor, "nitro", StringComparison.Ordinal);

    /// <summary>Slots on one ENI that can hold a secondary IP or a prefix (all but the primary address).</summary>
    public int SecondarySlotsPerInterface => Math.Max(Ipv4PerInterface - 1, 0);

    /// <summary>The most interfaces a given network card can hold (0 for an unknown card).</summary>
    public int MaxInterfacesOnCard(int cardIndex)
    {
        foreach (var card in NetworkCards)
        {
            if (card.Index == cardIndex)
            {
                return card.MaxInterfaces;
            }
        }

        return 0;
    }
}
