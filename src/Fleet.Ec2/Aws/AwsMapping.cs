using System.Collections.Immutable;
using Amazon.EC2.Model;
using Fleet.Core.Catalog;
using Fleet.Ec2.Port;

namespace Fleet.Ec2.Aws;

/// <summary>AWSSDK response shapes → the port's records. AWSSDK v4 leaves absent collections null: every one is null-checked.</summary>
internal static class AwsMapping
{
    public static Ec2Instance ToInstance(Instance i) => new(
        i.InstanceId,
        i.InstanceType?.Value ?? string.Empty,
        i.State?.Name?.Value ?? "unknown",
        i.Placement?.AvailabilityZone ?? string.Empty,
        i.VpcId ?? string.Empty,
        i.SubnetId ?? string.Empty);

    public static Ec2NetworkInterface ToNetworkInterface(NetworkInterface n) => new(
        n.NetworkInterfaceId,
        n.SubnetId ?? string.Empty,
        n.VpcId ?? string.Empty,
        n.AvailabilityZone ?? string.Empty,
        n.Status?.Value ?? "unknown",
        n.PrivateIpAddress ?? string.Empty,
        [.. (n.PrivateIpAddresses ?? []).Where(a => a.Primary != true && a.PrivateIpAddress != n.PrivateIpAddress).Select(a => a.PrivateIpAddress)],
        [.. (n.Ipv4Prefixes ?? []).Select(p => p.Ipv4Prefix)],
        [.. (n.Groups ?? []).Select(g => g.GroupId)],
        Tags(n.TagSet),
        n.Description,
        n.Attachment is { } a && !string.IsNullOrEmpty(a.AttachmentId)
            ? new Ec2Attachment(a.AttachmentId, a.InstanceId ?? string.Empty, a.DeviceIndex ?? 0, a.NetworkCardIndex ?? 0,
                a.DeleteOnTermination ?? false, a.Status?.Value ?? "attached")
            : null);

    public static Ec2Subnet ToSubnet(Subnet s) => new(
        s.SubnetId,
        s.VpcId ?? string.Empty,
        s.AvailabilityZone ?? string.Empty,
        s.CidrBlock ?? string.Empty,
        s.AvailableIpAddressCount ?? 0,
        Tags(s.Tags));

    public static InstanceLimits ToLimits(InstanceTypeInfo t)
    {
        var network = t.NetworkInfo;
        var maxInterfaces = network?.MaximumNetworkInterfaces ?? 1;
        ImmutableArray<NetworkCardLimit> cards = network?.NetworkCards is { Count: > 0 } list
            ? [.. list.Select(c => new NetworkCardLimit(c.NetworkCardIndex ?? 0, c.MaximumNetworkInterfaces ?? maxInterfaces))]
            : [new NetworkCardLimit(0, maxInterfaces)];
        return new InstanceLimits(
            t.InstanceType?.Value ?? string.Empty,
            t.Hypervisor?.Value ?? string.Empty,
            t.BareMetal ?? false,
            maxInterfaces,
            network?.Ipv4AddressesPerInterface ?? 1,
            network?.Ipv6AddressesPerInterface ?? 0,
            network?.DefaultNetworkCardIndex ?? 0,
            cards);
    }

    private static ImmutableDictionary<string, string> Tags(List<Tag>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            builder[tag.Key] = tag.Value ?? string.Empty;
        }

        return builder.ToImmutable();
    }
}
