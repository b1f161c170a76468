using System.Collections.Immutable;

namespace Fleet.Core.Model;

/// <summary>
/// One elastic network interface as Fleet last saw it. IPv4 slots used = 1 (primary) + secondary IPs + prefixes.
/// </summary>
/// <param name="Id">The ENI id (<c>eni-…</c>).</param>
/// <param name="SubnetId">The subnet the ENI lives in; it never moves.</param>
/// <param name="PrimaryIp">The ENI's primary private IPv4 address.</param>
/// <param name="SecondaryIps">Secondary private IPv4 addresses (/32s).</param>
/// <param name="Prefixes">Delegated /28 IPv4 prefixes in CIDR form.</param>
/// <param name="SecurityGroups">Security group ids.</param>
/// <param name="Tags">The ENI's tags.</param>
/// <param name="Attachment">The attachment, or null while the ENI is created but not yet attached.</param>
public sealed record Eni(
    string Id,
    string SubnetId,
    string PrimaryIp,
    ImmutableArray<string> SecondaryIps,
    ImmutableArray<string> Prefixes,
    ImmutableArray<string> SecurityGroups,
    ImmutableDictionary<string, string> Tags,
    EniAttachment? Attachment)
{
    /// <summary>IPv4 slots this ENI uses: its primary address, each secondary IP, each prefix.</summary>
    public int UsedSlots => 1 + SecondaryIps.Length + Prefixes.Length;

    /// <summary>Slots still free under an instance type's per-interface limit.</summary>
    public int FreeSlots(int ipv4PerInterface) => Math.Max(ipv4PerInterface - UsedSlots, 0);

    /// <summary>Addresses this ENI offers to pods (primary only when <paramref name="usePrimary"/>).</summary>
    public int Addresses(bool usePrimary) =>
        SecondaryIps.Length + (Prefixes.Length * Catalog.InstanceLimits.PrefixSize) + (usePrimary ? 1 : 0);

    /// <summary>Whether the ENI is attached to its instance.</summary>
    public bool IsAttached => Attachment is not null;

    /// <summary>The device index, or -1 while unattached.</summary>
    public int DeviceIndex => Attachment?.DeviceIndex ?? -1;
}
