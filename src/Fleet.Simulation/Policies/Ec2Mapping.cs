using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Ec2.Emulator;

namespace Fleet.Simulation.Policies;

/// <summary>The emulator's answers as Fleet.Core's model (what the allocator's state mapping does with the SDK's).</summary>
public static class Ec2Mapping
{
    /// <summary>An ENI as Fleet sees it.</summary>
    public static Eni ToEni(Ec2NetworkInterface view) => new(
        view.NetworkInterfaceId,
        view.SubnetId,
        view.PrivateIpAddress,
        [.. view.SecondaryIpAddresses],
        [.. view.Ipv4Prefixes],
        [.. view.Groups.Select(g => g.GroupId)],
        view.Tags.ToImmutableDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        view.Attachment is { } a ? new EniAttachment(a.AttachmentId, a.DeviceIndex, a.NetworkCardIndex, a.DeleteOnTermination) : null);

    /// <summary>A node from its instance's description.</summary>
    public static NodeState ToNode(Ec2Instance instance, InstanceLimits limits, IEnumerable<Ec2NetworkInterface> enis) => new(
        instance.InstanceId,
        limits,
        instance.AvailabilityZone,
        instance.VpcId,
        instance.SubnetId,
        [.. enis.Select(ToEni).OrderBy(e => e.Attachment is null ? int.MaxValue : e.DeviceIndex).ThenBy(e => e.Id, StringComparer.Ordinal)]);

    /// <summary>Adds what an Assign answered to the ENI.</summary>
    public static NodeState Assigned(NodeState node, string eniId, AssignPrivateIpAddressesResult result)
    {
        var eni = node.FindEni(eniId);
        return eni is null ? node : node.WithEni(eni with
        {
            Prefixes = eni.Prefixes.AddRange(result.AssignedIpv4Prefixes.Except(eni.Prefixes)),
            SecondaryIps = eni.SecondaryIps.AddRange(result.AssignedPrivateIpAddresses.Except(eni.SecondaryIps)),
        });
    }

    /// <summary>Records an attach.</summary>
    public static NodeState Attached(NodeState node, string eniId, string attachmentId, int deviceIndex, int card)
    {
        var eni = node.FindEni(eniId);
        return eni is null ? node : node.WithEni(eni with { Attachment = new EniAttachment(attachmentId, deviceIndex, card, false) });
    }

    /// <summary>Records DeleteOnTermination set.</summary>
    public static NodeState DeleteOnTermination(NodeState node, string eniId)
    {
        var eni = node.FindEni(eniId);
        return eni?.Attachment is null ? node : node.WithEni(eni with { Attachment = eni.Attachment with { DeleteOnTermination = true } });
    }

    /// <summary>Removes released prefixes and IPs.</summary>
    public static NodeState Released(NodeState node, string eniId, IReadOnlyCollection<string> prefixes, IReadOnlyCollection<string> ips)
    {
        var eni = node.FindEni(eniId);
        return eni is null ? node : node.WithEni(eni with
        {
            Prefixes = [.. eni.Prefixes.Except(prefixes)],
            SecondaryIps = [.. eni.SecondaryIps.Except(ips)],
        });
    }
}
