using System.Net;
using Fleet.Core.Model;
using Fleet.Ec2.Emulator;

namespace Fleet.Soak;

/// <summary>What must hold in EC2 (the emulator's state) at the end of a soak, never checked against Fleet's own view.</summary>
internal static class SoakInvariants
{
    public static SoakChecks Check(RegionSnapshot state, string cluster, IReadOnlyDictionary<string, IReadOnlyCollection<string>> inUseByNode)
    {
        var violations = new List<string>();
        var owner = new Dictionary<uint, string>();
        var duplicates = 0;
        foreach (var eni in state.NetworkInterfaces)
        {
            foreach (var address in Addresses(eni))
            {
                if (owner.TryGetValue(address, out var other) && other != eni.NetworkInterfaceId)
                {
                    duplicates++;
                    violations.Add($"{address} is on both {other} and {eni.NetworkInterfaceId}");
                }

                owner[address] = eni.NetworkInterfaceId;
            }
        }

        var releasedInUse = 0;
        foreach (var (node, inUse) in inUseByNode)
        {
            var held = state.NetworkInterfaces.Where(e => e.Attachment?.InstanceId == node).SelectMany(Addresses).ToHashSet();
            foreach (var address in inUse.Where(a => !held.Contains(Parse(a))))
            {
                releasedInUse++;
                violations.Add($"{address}, in use on {node}, is no longer assigned to it");
            }
        }

        var leaked = state.NetworkInterfaces.Where(e => e.Attachment is null && e.Tags.Any(t => t.Key == FleetTags.Cluster && t.Value == cluster)).ToList();
        violations.AddRange(leaked.Select(e => $"{e.NetworkInterfaceId} of the cluster is detached after the janitor's passes"));
        return new SoakChecks(duplicates, releasedInUse, leaked.Count, violations);
    }

    private static IEnumerable<uint> Addresses(Ec2NetworkInterface eni)
    {
        foreach (var ip in eni.PrivateIpAddresses)
        {
            yield return Parse(ip.PrivateIpAddress);
        }

        foreach (var prefix in eni.Ipv4Prefixes)
        {
            var network = Parse(prefix[..prefix.IndexOf('/', StringComparison.Ordinal)]);
            for (uint i = 0; i < 16; i++)
            {
                yield return network + i;
            }
        }
    }

    private static uint Parse(string address)
    {
        var b = IPAddress.Parse(address).GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }
}
