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
                var eni = WithoutPrimary(created.Eni);
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

    /// <summary>The ENI with its primary address removed from its secondary IPs, should an answer have listed it there.</summary>
    public static Eni WithoutPrimary(Eni eni) =>
        eni.SecondaryIps.Contains(eni.PrimaryIp) ? eni with { SecondaryIps = eni.SecondaryIps.Remove(eni.PrimaryIp) } : eni;
}
