using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Core.Node;

/// <summary>
/// What a successful call did to the node's ENIs, from EC2's answer: pure functions. An answer is believed only as far
/// as it is plausible: an ENI's primary address is never taken for a secondary IP, and addresses the ENI already held
/// are not counted again (some EC2 implementations echo every address of the ENI).
/// </summary>
public static class CallEffects
{
    /// <summary>The node's ENIs after the call, the subnet room it took (negative: gave back), and the usable addresses it added.</summary>
    /// <param name="Enis">The ENIs after the call.</param>
    /// <param name="Subnet">The subnet change, or null.</param>
    /// <param name="Gained">Usable addresses added (Assign and Create only; 0 otherwise).</param>
    public readonly record struct Applied(ImmutableArray<Eni> Enis, ChangeSubnet? Subnet, int Gained);

    /// <summary>Applies a successful answer.</summary>
    public static Applied Apply(NodeState node, NodeSpec spec, PlannedAction action, CallResult result)
    {
        switch (action, result)
        {
            case (AssignAddresses assign, AddressesAssigned assigned) when node.FindEni(assign.EniId) is { } eni:
            {
                var prefixes = assigned.Prefixes.Where(p => !eni.Prefixes.Contains(p)).Distinct(StringComparer.Ordinal).ToImmutableArray();
                var ips = assigned.Ips.Where(ip => ip != eni.PrimaryIp && !eni.SecondaryIps.Contains(ip)).Distinct(StringComparer.Ordinal).ToImmutableArray();
                var grown = eni with { Prefixes = eni.Prefixes.AddRange(prefixes), SecondaryIps = eni.SecondaryIps.AddRange(ips) };
                var added = (prefixes.Length * InstanceLimits.PrefixSize) + ips.Length;
                var counts = NodeTargets.Counts(grown, spec);
                return new(node.WithEni(grown).Enis, new ChangeSubnet(eni.SubnetId, added, prefixes.Length + ((ips.Length + 15) / 16)), counts ? added : 0);
            }

            case (CreateInterface create, InterfaceCreated created):
            {
                var eni = AsHeld(created.Eni);
                var addresses = eni.Addresses(usePrimary: false);
                var blocks = eni.Prefixes.Length + ((eni.SecondaryIps.Length + 15) / 16);
                var enis = node.Enis.RemoveAll(e => e.Id == eni.Id).Add(eni);
                return new(enis, new ChangeSubnet(create.SubnetId, addresses + 1, blocks), addresses + (spec.UsePrimaryAddress ? 1 : 0));
            }

            case (AttachInterface attach, InterfaceAttached attached) when node.FindEni(attach.EniId) is { } eni:
                return new(node.WithEni(eni with { Attachment = new EniAttachment(attached.AttachmentId, attach.DeviceIndex, attach.NetworkCard, false) }).Enis, null, 0);

            case (SetDeleteOnTermination dot, _) when node.FindEni(dot.EniId) is { Attachment: { } a } eni:
                return new(node.WithEni(eni with { Attachment = a with { DeleteOnTermination = true } }).Enis, null, 0);

            case (ReleaseAddresses release, _) when node.FindEni(release.EniId) is { } eni:
            {
                var kept = eni with
                {
                    Prefixes = eni.Prefixes.RemoveAll(p => release.Prefixes.Contains(p)),
                    SecondaryIps = eni.SecondaryIps.RemoveAll(ip => release.Ips.Contains(ip)),
                };
                return new(node.WithEni(kept).Enis, new ChangeSubnet(eni.SubnetId, -release.Addresses, -release.Prefixes.Length), 0);
            }

            default:
                return new(node.Enis, null, 0); // the ENI is no longer known: the next describe tells
        }
    }

    /// <summary>
    /// The ENI as the node holds it, whatever an answer lists: its primary is never among its secondary IPs, and an
    /// address or prefix listed twice is held once. EC2 never lists one twice; moto's CreateNetworkInterface draws its
    /// secondary IPs at random and can draw one twice, and a node that took that at its word would hand one address to
    /// two pods.
    /// </summary>
    public static Eni AsHeld(Eni eni)
    {
        if (!eni.SecondaryIps.Contains(eni.PrimaryIp) && !HasRepeats(eni.SecondaryIps) && !HasRepeats(eni.Prefixes))
        {
            return eni;
        }

        return eni with
        {
            SecondaryIps = [.. eni.SecondaryIps.Where(ip => ip != eni.PrimaryIp).Distinct(StringComparer.Ordinal)],
            Prefixes = [.. eni.Prefixes.Distinct(StringComparer.Ordinal)],
        };
    }

    private static bool HasRepeats(ImmutableArray<string> values)
    {
        // An ENI holds at most 50 addresses: pairs are cheaper than a set, and allocate nothing.
        for (var i = 1; i < values.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(values[i], values[j], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
