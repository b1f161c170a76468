using Fleet.Core.Addressing;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>What one call asks of a subnet: explicit addresses and prefixes, and counts EC2 chooses.</summary>
internal sealed record AddressAsk(
    string? Primary,
    bool NeedsPrimary,
    IReadOnlyList<string> Ips,
    int IpCount,
    IReadOnlyList<string> Prefixes,
    int PrefixCount,
    bool AllowReassignment = false);

/// <summary>What a call got: the primary (if asked), addresses and prefixes, plus secondaries moved from other ENIs.</summary>
internal sealed record AddressGrant(uint? Primary, List<uint> Ips, List<uint> Prefixes, List<(uint Ip, NetworkInterfaceState From)> Moved);

/// <summary>Claims addresses from a subnet atomically: either every part of the ask is granted, or nothing changes.</summary>
internal static class AddressClaim
{
    public static Ec2Result<AddressGrant> Claim(
        SubnetState subnet, AddressAsk ask, IReadOnlyDictionary<uint, NetworkInterfaceState> owners, Random random)
    {
        var pool = subnet.Pool;
        var claimedIps = new List<uint>();
        var claimedPrefixes = new List<uint>();
        var moved = new List<(uint, NetworkInterfaceState)>();
        uint? primary = null;

        Ec2Error? Fail(Ec2Error error)
        {
            claimedIps.ForEach(pool.ReleaseAddress);
            claimedPrefixes.ForEach(pool.ReleasePrefix);
            return error;
        }

        foreach (var text in ask.Prefixes)
        {
            if (!TryParsePrefix(text, out var prefix))
            {
                return Fail(Ec2Errors.Invalid($"Invalid value '{text}' for Ipv4Prefix. It must be an aligned /28 IPv4 CIDR block."))!;
            }

            if (!pool.Contains(prefix))
            {
                return Fail(Ec2Errors.Invalid($"Prefix {text} does not fall within the subnet's address range"))!;
            }

            if (!pool.TryClaimPrefix(prefix))
            {
                return Fail(Ec2Errors.Invalid($"The prefix {text} is in use or overlaps addresses in use"))!;
            }

            claimedPrefixes.Add(prefix);
        }

        var explicitIps = ask.Primary is null ? ask.Ips : [ask.Primary, .. ask.Ips];
        for (var i = 0; i < explicitIps.Count; i++)
        {
            var text = explicitIps[i];
            uint address;
            try
            {
                address = Ipv4.Parse(text);
            }
            catch (FormatException)
            {
                return Fail(Ec2Errors.InvalidValue("PrivateIpAddress", text))!;
            }

            var offset = address - pool.Network;
            if (!pool.Contains(address))
            {
                return Fail(Ec2Errors.Invalid($"Address {text} does not fall within the subnet's address range"))!;
            }

            if (SubnetAddressPool.IsReserved(offset, pool.Size))
            {
                return Fail(Ec2Errors.Invalid($"Address {text} is in subnet's reserved address range"))!;
            }

            if (!pool.TryClaimAddress(address))
            {
                var owner = owners.GetValueOrDefault(address);
                var movable = ask.AllowReassignment && owner is not null && owner.PrimaryIp != address
                    && owner.Subnet == subnet && !moved.Any(m => m.Item1 == address);
                if (!movable)
                {
                    return Fail(Ec2Errors.AddressInUse(text))!;
                }

                moved.Add((address, owner!));
            }
            else
            {
                claimedIps.Add(address);
            }

            if (ask.Primary is not null && i == 0)
            {
                primary = address;
            }
        }

        var autoAddresses = ask.IpCount + (ask.NeedsPrimary && ask.Primary is null ? 1 : 0);
        if (pool.FreeBlocks < ask.PrefixCount)
        {
            return Fail(Ec2Errors.NoFreeCidrBlocks)!;
        }

        if (pool.FreeAddresses - (16L * ask.PrefixCount) < autoAddresses)
        {
            return Fail(Ec2Errors.NoFreeAddresses)!;
        }

        for (var i = 0; i < ask.PrefixCount; i++)
        {
            claimedPrefixes.Add(pool.AllocatePrefix(random));
        }

        if (ask.NeedsPrimary && primary is null)
        {
            primary = pool.AllocateAddress(random);
        }

        for (var i = 0; i < ask.IpCount; i++)
        {
            claimedIps.Add(pool.AllocateAddress(random));
        }

        if (primary is { } p)
        {
            claimedIps.Remove(p);
        }

        claimedIps.AddRange(moved.Select(m => m.Item1));
        return new AddressGrant(primary, claimedIps, claimedPrefixes, moved);
    }

    public static bool TryParsePrefix(string text, out uint prefix)
    {
        prefix = 0;
        try
        {
            var (network, length) = Ipv4.ParseCidr(text);
            prefix = network;
            return length == 28;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
