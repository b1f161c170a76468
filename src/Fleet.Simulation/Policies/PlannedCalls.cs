using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Errors;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies;

/// <summary>
/// Sends a Fleet.Core <see cref="PlannedAction"/> to EC2 as the node grain's EC2 port does (cluster, node and intent
/// tags and the client token on creates) and answers in Fleet.Core's terms (<see cref="CallResult"/>), as the grain's
/// mapping of AWSSDK.EC2's answers does.
/// </summary>
public static class PlannedCalls
{
    /// <summary>Sends the action for the node; <paramref name="done"/> gets EC2's answer (never, when the emulator lost it).</summary>
    public static void Send(Ec2Link link, CallPath path, string instanceId, string clusterName, PlannedAction action, string? clientToken, Action<CallResult> done)
    {
        var id = instanceId;
        switch (action)
        {
            case AssignAddresses a:
                link.Send(a.Call, path, id, (r, c) => r.AssignPrivateIpAddresses(new AssignPrivateIpAddressesRequest
                {
                    NetworkInterfaceId = a.EniId,
                    Ipv4PrefixCount = a.Kind == AddressKind.Prefix ? a.Count : null,
                    SecondaryPrivateIpAddressCount = a.Kind == AddressKind.Ip ? a.Count : null,
                }, c), r => done(r.Value is { } v ? new AddressesAssigned([.. v.AssignedIpv4Prefixes], [.. v.AssignedPrivateIpAddresses]) : Failed(r.Error)));
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
                            new Ec2Tag(FleetTags.Cluster, clusterName), new Ec2Tag(FleetTags.Node, id), new Ec2Tag(FleetTags.Intent, clientToken ?? string.Empty),
                        ]),
                    ],
                }, c), r => done(r.Value is { } v ? new InterfaceCreated(Ec2Mapping.ToEni(v.NetworkInterface)) : Failed(r.Error)));
                break;
            case AttachInterface t:
                link.Send(t.Call, path, id, (r, c) => r.AttachNetworkInterface(
                    new AttachNetworkInterfaceRequest(t.EniId, id, t.DeviceIndex, t.NetworkCard), c),
                    r => done(r.Value is { } v ? new InterfaceAttached(v.AttachmentId) : Failed(r.Error)));
                break;
            case SetDeleteOnTermination d:
                link.Send(d.Call, path, id, (r, c) => r.ModifyNetworkInterfaceAttribute(new ModifyNetworkInterfaceAttributeRequest
                {
                    NetworkInterfaceId = d.EniId,
                    AttachmentId = d.AttachmentId,
                    DeleteOnTermination = true,
                }, c), r => done(r.IsSuccess ? CallSucceeded.Instance : Failed(r.Error)));
                break;
            case ReleaseAddresses rel:
                link.Send(rel.Call, path, id, (r, c) => r.UnassignPrivateIpAddresses(new UnassignPrivateIpAddressesRequest
                {
                    NetworkInterfaceId = rel.EniId,
                    Ipv4Prefixes = rel.Prefixes,
                    PrivateIpAddresses = rel.Ips,
                }, c), r => done(r.IsSuccess ? CallSucceeded.Instance : Failed(r.Error)));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown planned action.");
        }
    }

    /// <summary>An emulator error, classified as the EC2 port classifies AWSSDK.EC2's.</summary>
    public static Ec2Failure Failure(Ec2.Emulator.Ec2Error error) =>
        new(Ec2ErrorClassifier.Classify(error.Code, error.Message, error.HttpStatus), error.Code, error.Message);

    private static CallFailed Failed(Ec2.Emulator.Ec2Error? error) => new(Failure(error!));
}
