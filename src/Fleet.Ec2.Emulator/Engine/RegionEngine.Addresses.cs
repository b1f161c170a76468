using System.Globalization;
using Fleet.Core.Addressing;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>AssignPrivateIpAddresses and UnassignPrivateIpAddresses.</summary>
internal sealed partial class RegionEngine
{
    public Ec2Result<AssignPrivateIpAddressesResult> AssignPrivateIpAddresses(AssignPrivateIpAddressesRequest r)
    {
        Settle(Now);
        if (string.IsNullOrEmpty(r.NetworkInterfaceId))
        {
            return Ec2Errors.Missing("NetworkInterfaceId");
        }

        if (!TryGetEni(r.NetworkInterfaceId, out var eni, out var error))
        {
            return error!;
        }

        var options = (r.SecondaryPrivateIpAddressCount is not null ? 1 : 0) + (r.PrivateIpAddresses.Count > 0 ? 1 : 0)
            + (r.Ipv4Prefixes.Count > 0 ? 1 : 0) + (r.Ipv4PrefixCount is not null ? 1 : 0);
        if (options == 0)
        {
            return Ec2Errors.Missing("SecondaryPrivateIpAddressCount or PrivateIpAddress or Ipv4Prefix or Ipv4PrefixCount");
        }

        if (options > 1)
        {
            return Ec2Errors.Combination(
                "Only one of SecondaryPrivateIpAddressCount, PrivateIpAddress, Ipv4Prefix and Ipv4PrefixCount can be specified.");
        }

        if (r.SecondaryPrivateIpAddressCount is < 1)
        {
            return Ec2Errors.InvalidValue("SecondaryPrivateIpAddressCount", r.SecondaryPrivateIpAddressCount.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (r.Ipv4PrefixCount is < 1)
        {
            return Ec2Errors.InvalidValue("Ipv4PrefixCount", r.Ipv4PrefixCount.Value.ToString(CultureInfo.InvariantCulture));
        }

        var wantsPrefixes = r.Ipv4Prefixes.Count > 0 || r.Ipv4PrefixCount is not null;
        var limits = eni.Attachment?.Instance.Limits;
        if (wantsPrefixes && limits is { SupportsPrefixDelegation: false })
        {
            return new Ec2Error(Ec2ErrorCodes.UnsupportedOperation,
                $"The instance type {limits.InstanceType} does not support IPv4 prefixes.", 400);
        }

        var adding = (long)(r.SecondaryPrivateIpAddressCount ?? 0) + r.PrivateIpAddresses.Count + (r.Ipv4PrefixCount ?? 0) + r.Ipv4Prefixes.Count;
        var alreadyOwned = r.PrivateIpAddresses.Count(text => eni.SecondaryIps.Any(ip => Format(ip) == text));
        if (eni.UsedSlots + adding - alreadyOwned > (limits?.Ipv4PerInterface ?? MaxIpv4PerInterface))
        {
            return Ec2Errors.PrivateIpLimit;
        }

        var ask = new AddressAsk(null, false, r.PrivateIpAddresses.Where(text => !eni.SecondaryIps.Any(ip => Format(ip) == text)).ToList(),
            r.SecondaryPrivateIpAddressCount ?? 0, r.Ipv4Prefixes, r.Ipv4PrefixCount ?? 0, r.AllowReassignment);
        var grant = AddressClaim.Claim(eni.Subnet, ask, _ipOwners, _addresses);
        if (!grant.IsSuccess)
        {
            return grant.Error;
        }

        AddAddresses(eni, grant.Value);
        return new AssignPrivateIpAddressesResult(
            eni.Id,
            [.. grant.Value.Ips.Select(Ipv4.Format)],
            [.. grant.Value.Prefixes.Select(p => Ipv4.FormatCidr(p, 28))]);
    }

    public Ec2Result<Ec2Acknowledgement> UnassignPrivateIpAddresses(UnassignPrivateIpAddressesRequest r)
    {
        Settle(Now);
        if (string.IsNullOrEmpty(r.NetworkInterfaceId))
        {
            return Ec2Errors.Missing("NetworkInterfaceId");
        }

        if (!TryGetEni(r.NetworkInterfaceId, out var eni, out var error))
        {
            return error!;
        }

        if (r.PrivateIpAddresses.Count == 0 && r.Ipv4Prefixes.Count == 0)
        {
            return Ec2Errors.Missing("PrivateIpAddress or Ipv4Prefix");
        }

        var ips = new List<uint>(r.PrivateIpAddresses.Count);
        foreach (var text in r.PrivateIpAddresses)
        {
            var index = eni.SecondaryIps.FindIndex(ip => Format(ip) == text);
            if (index < 0)
            {
                return text == Format(eni.PrimaryIp)
                    ? Ec2Errors.Invalid($"The primary private IP address {text} of network interface {eni.Id} cannot be unassigned.")
                    : Ec2Errors.Invalid($"Some of the specified addresses are not assigned to interface {eni.Id}");
            }

            ips.Add(eni.SecondaryIps[index]);
        }

        var prefixes = new List<uint>(r.Ipv4Prefixes.Count);
        foreach (var text in r.Ipv4Prefixes)
        {
            if (!AddressClaim.TryParsePrefix(text, out var prefix) || !eni.Prefixes.Contains(prefix))
            {
                return Ec2Errors.Invalid($"Some of the specified prefixes are not assigned to interface {eni.Id}");
            }

            prefixes.Add(prefix);
        }

        var pool = eni.Subnet.Pool;
        foreach (var ip in ips.Distinct())
        {
            eni.SecondaryIps.Remove(ip);
            _ipOwners.Remove(ip);
            pool.ReleaseAddress(ip);
        }

        foreach (var prefix in prefixes.Distinct())
        {
            eni.Prefixes.Remove(prefix);
            pool.ReleasePrefix(prefix);
        }

        return Ec2Acknowledgement.Instance;
    }
}
