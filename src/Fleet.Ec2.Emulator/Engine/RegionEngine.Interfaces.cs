using System.Globalization;
using Fleet.Core.Addressing;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>CreateNetworkInterface, DeleteNetworkInterface and ModifyNetworkInterfaceAttribute.</summary>
internal sealed partial class RegionEngine
{
    private static readonly HashSet<string> s_interfaceTypes = new(StringComparer.Ordinal) { "interface", "efa", "efa-only", "trunk", "branch" };

    public Ec2Result<CreateNetworkInterfaceResult> CreateNetworkInterface(CreateNetworkInterfaceRequest r)
    {
        var now = Now;
        Settle(now);
        if (string.IsNullOrEmpty(r.SubnetId))
        {
            return Ec2Errors.Missing("SubnetId");
        }

        if (r.ClientToken is { Length: > 64 })
        {
            return Ec2Errors.Invalid("The client token must be at most 64 ASCII characters.");
        }

        var fingerprint = r.ClientToken is null ? "" : Fingerprint(r);
        if (r.ClientToken is { } token && _tokens.TryGet(nameof(CreateNetworkInterface), token, now, out var seen, out var snapshot))
        {
            if (seen != fingerprint)
            {
                return Ec2Errors.IdempotencyMismatch;
            }

            var earlier = (CreateNetworkInterfaceResult)snapshot;
            return _enis.TryGetValue(earlier.NetworkInterface.NetworkInterfaceId, out var existing)
                ? new CreateNetworkInterfaceResult(View(existing, now), token)
                : earlier;
        }

        if (!_subnets.TryGetValue(r.SubnetId, out var subnet))
        {
            return Ec2Errors.SubnetNotFound(r.SubnetId);
        }

        var options = (r.SecondaryPrivateIpAddressCount is not null ? 1 : 0) + (r.SecondaryPrivateIpAddresses.Count > 0 ? 1 : 0)
            + (r.Ipv4Prefixes.Count > 0 ? 1 : 0) + (r.Ipv4PrefixCount is not null ? 1 : 0);
        if (options > 1)
        {
            return Ec2Errors.Combination(
                "Only one of SecondaryPrivateIpAddressCount, PrivateIpAddresses (secondary), Ipv4Prefixes and Ipv4PrefixCount can be specified.");
        }

        if (r.SecondaryPrivateIpAddressCount is < 0)
        {
            return Ec2Errors.InvalidValue("SecondaryPrivateIpAddressCount", r.SecondaryPrivateIpAddressCount.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (r.Ipv4PrefixCount is < 0)
        {
            return Ec2Errors.InvalidValue("Ipv4PrefixCount", r.Ipv4PrefixCount.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (r.InterfaceType is { } type && !s_interfaceTypes.Contains(type))
        {
            return Ec2Errors.InvalidValue("InterfaceType", type);
        }

        var groups = ResolveGroups(r.SecurityGroupIds, subnet.Vpc);
        if (!groups.IsSuccess)
        {
            return groups.Error;
        }

        var tags = TagsFor(r.TagSpecifications, "network-interface");
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        var ipCount = r.SecondaryPrivateIpAddressCount ?? 0;
        var prefixCount = r.Ipv4PrefixCount ?? 0;
        if (1L + ipCount + r.SecondaryPrivateIpAddresses.Count + prefixCount + r.Ipv4Prefixes.Count > MaxIpv4PerInterface)
        {
            return Ec2Errors.PrivateIpLimit;
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        var ask = new AddressAsk(r.PrivateIpAddress, true, r.SecondaryPrivateIpAddresses, ipCount, r.Ipv4Prefixes, prefixCount);
        var grant = AddressClaim.Claim(subnet, ask, _ipOwners, _addresses);
        if (!grant.IsSuccess)
        {
            return grant.Error;
        }

        var eni = NewInterface(subnet, grant.Value, groups.Value, now);
        eni.Description = r.Description ?? "";
        foreach (var tag in tags.Value)
        {
            eni.Tags.Set(tag.Key, tag.Value);
        }

        var result = new CreateNetworkInterfaceResult(View(eni, now), r.ClientToken);
        if (r.ClientToken is { } newToken)
        {
            _tokens.Remember(nameof(CreateNetworkInterface), newToken, fingerprint, result, now);
        }

        return result;
    }

    /// <summary>Registers a new ENI with the addresses granted (used by Create and by RunInstances for eth0).</summary>
    private NetworkInterfaceState NewInterface(SubnetState subnet, AddressGrant grant, List<SecurityGroupState> groups, DateTimeOffset now, string type = "interface")
    {
        var eni = new NetworkInterfaceState(_ids.Next("eni-"), _eniBySequence.Count, subnet, grant.Primary!.Value, _ids.NextMac(), now + _timing.ConsistencyLag())
        {
            InterfaceType = type,
            Groups = groups,
        };
        _eniBySequence.Add(eni);
        _enis[eni.Id] = eni;
        _ipOwners[eni.PrimaryIp] = eni;
        AddAddresses(eni, grant);
        return eni;
    }

    public Ec2Result<Ec2Acknowledgement> DeleteNetworkInterface(DeleteNetworkInterfaceRequest r)
    {
        var now = Now;
        Settle(now);
        if (string.IsNullOrEmpty(r.NetworkInterfaceId))
        {
            return Ec2Errors.Missing("NetworkInterfaceId");
        }

        if (!TryGetEni(r.NetworkInterfaceId, out var eni, out var error))
        {
            return error!;
        }

        if (eni.Attachment is not null)
        {
            return Ec2Errors.EniInUse(eni.Id);
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        RemoveInterface(eni);
        return Ec2Acknowledgement.Instance;
    }

    private void RemoveInterface(NetworkInterfaceState eni)
    {
        var pool = eni.Subnet.Pool;
        pool.ReleaseAddress(eni.PrimaryIp);
        _ipOwners.Remove(eni.PrimaryIp);
        foreach (var ip in eni.SecondaryIps)
        {
            pool.ReleaseAddress(ip);
            _ipOwners.Remove(ip);
        }

        eni.Prefixes.ForEach(pool.ReleasePrefix);
        _enis.Remove(eni.Id);
        _eniBySequence[(int)eni.Sequence] = null;
        eni.Deleted = true;
    }

    public Ec2Result<Ec2Acknowledgement> ModifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeRequest r)
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

        var attributes = new List<string>(4);
        if (r.Description is not null) { attributes.Add("description"); }
        if (r.SourceDestCheck is not null) { attributes.Add("sourceDestCheck"); }
        if (r.SecurityGroupIds is not null) { attributes.Add("groupSet"); }
        if (r.AttachmentId is not null || r.DeleteOnTermination is not null) { attributes.Add("attachment"); }
        if (attributes.Count == 0)
        {
            return Ec2Errors.Missing("Attribute");
        }

        if (attributes.Count > 1)
        {
            return Ec2Errors.Combination($"Fields for multiple attribute types specified: {string.Join(", ", attributes)}");
        }

        List<SecurityGroupState>? groups = null;
        if (r.SecurityGroupIds is { } ids)
        {
            if (ids.Count == 0)
            {
                return Ec2Errors.Missing("SecurityGroupId");
            }

            var resolved = ResolveGroups(ids, eni.Subnet.Vpc);
            if (!resolved.IsSuccess)
            {
                return resolved.Error;
            }

            groups = resolved.Value;
        }

        if (attributes[0] == "attachment")
        {
            if (r.AttachmentId is null)
            {
                return Ec2Errors.Missing("Attachment.AttachmentId");
            }

            if (r.DeleteOnTermination is null)
            {
                return Ec2Errors.Missing("Attachment.DeleteOnTermination");
            }

            if (eni.Attachment?.Id != r.AttachmentId)
            {
                return Ec2Errors.AttachmentNotFound(r.AttachmentId);
            }
        }

        if (r.DryRun)
        {
            return Ec2Errors.DryRun;
        }

        if (r.Description is not null) { eni.Description = r.Description; }
        if (r.SourceDestCheck is { } check) { eni.SourceDestCheck = check; }
        if (groups is not null) { eni.Groups = groups; }
        if (r.DeleteOnTermination is { } delete) { eni.Attachment!.DeleteOnTermination = delete; }
        return Ec2Acknowledgement.Instance;
    }

    private static string Fingerprint(CreateNetworkInterfaceRequest r) => string.Join('|',
        r.SubnetId, r.Description, r.PrivateIpAddress, string.Join(',', r.SecondaryPrivateIpAddresses),
        r.SecondaryPrivateIpAddressCount?.ToString(CultureInfo.InvariantCulture), string.Join(',', r.Ipv4Prefixes),
        r.Ipv4PrefixCount?.ToString(CultureInfo.InvariantCulture), string.Join(',', r.SecurityGroupIds.Order(StringComparer.Ordinal)),
        string.Join(',', r.TagSpecifications.SelectMany(s => s.Tags.Select(t => $"{s.ResourceType}/{t.Key}={t.Value}"))), r.InterfaceType);

    private void AddAddresses(NetworkInterfaceState eni, AddressGrant grant)
    {
        foreach (var (ip, from) in grant.Moved)
        {
            from.SecondaryIps.Remove(ip);
        }

        foreach (var ip in grant.Ips)
        {
            eni.SecondaryIps.Add(ip);
            _ipOwners[ip] = eni;
        }

        eni.Prefixes.AddRange(grant.Prefixes);
    }

    private static string Format(uint address) => Ipv4.Format(address);
}
