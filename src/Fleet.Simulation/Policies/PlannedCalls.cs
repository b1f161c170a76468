using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies;

/// <summary>
/// Sends a Fleet.Core <see cref="PlannedAction"/> to EC2 as the allocator's call executor does (tags and client
/// token on creates) and answers the node as EC2 left it, or the error.
/// </summary>
public static class PlannedCalls
{
    /// <summary>The tag recording which intent created an ENI (the allocator's <c>fleet.io/intent</c>).</summary>
    public const string IntentTag = "fleet.io/intent";

    /// <summary>Sends the action for the node; <paramref name="done"/> gets the error or the node updated by the answer.</summary>
    public static void Send(Ec2Link link, CallPath path, NodeState node, PlannedAction action, string? clientToken, Action<Ec2Error?, Func<NodeState, NodeState>?> done)
    {
        var id = node.InstanceId;
        switch (action)
        {
            case AssignAddresses a:
                link.Send(a.Call, path, id, (r, c) => r.AssignPrivateIpAddresses(new AssignPrivateIpAddressesRequest
                {
                    NetworkInterfaceId = a.EniId,
                    Ipv4PrefixCount = a.Kind == AddressKind.Prefix ? a.Count : null,
                    SecondaryPrivateIpAddressCount = a.Kind == AddressKind.Ip ? a.Count : null,
                }, c), r => done(r.Error, r.Value is { } v ? n => Ec2Mapping.Assigned(n, a.EniId, v) : null));
                break;
            case CreateInterface create:
                link.Send(create.Call, path, id, (r, c) => r.CreateNetworkInterface(new CreateNetworkInterfaceRequest
                {
                    SubnetId = create.SubnetId,
                    Ipv4PrefixCount = create.Kind == AddressKind.Prefix ? create.Count : null,
                    SecondaryPrivateIpAddressCount = create.Kind == AddressKind.Ip ? create.Count : null,
                    SecurityGroupIds = create.SecurityGroups,
                    Description = $"Fleet ({id})",
                    ClientToken = clientToken,
                    TagSpecifications =
                    [
                        new Ec2TagSpecification("network-interface",
                        [
                            new Ec2Tag(FleetTags.Cluster, "bench"), new Ec2Tag(FleetTags.Node, id), new Ec2Tag(IntentTag, clientToken ?? string.Empty),
                        ]),
                    ],
                }, c), r => done(r.Error, r.Value is { } v ? n => n.WithEni(Ec2Mapping.ToEni(v.NetworkInterface)) : null));
                break;
            case AttachInterface t:
                link.Send(t.Call, path, id, (r, c) => r.AttachNetworkInterface(
                    new AttachNetworkInterfaceRequest(t.EniId, id, t.DeviceIndex, t.NetworkCard), c),
                    r => done(r.Error, r.Value is { } v ? n => Ec2Mapping.Attached(n, t.EniId, v.AttachmentId, t.DeviceIndex, t.NetworkCard) : null));
                break;
            case SetDeleteOnTermination d:
                link.Send(d.Call, path, id, (r, c) => r.ModifyNetworkInterfaceAttribute(new ModifyNetworkInterfaceAttributeRequest
                {
                    NetworkInterfaceId = d.EniId,
                    AttachmentId = d.AttachmentId,
                    DeleteOnTermination = true,
                }, c), r => done(r.Error, r.IsSuccess ? n => Ec2Mapping.DeleteOnTermination(n, d.EniId) : null));
                break;
            case ReleaseAddresses rel:
                link.Send(rel.Call, path, id, (r, c) => r.UnassignPrivateIpAddresses(new UnassignPrivateIpAddressesRequest
                {
                    NetworkInterfaceId = rel.EniId,
                    Ipv4Prefixes = rel.Prefixes,
                    PrivateIpAddresses = rel.Ips,
                }, c), r => done(r.Error, r.IsSuccess ? n => Ec2Mapping.Released(n, rel.EniId, rel.Prefixes, rel.Ips) : null));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown planned action.");
        }
    }
}
