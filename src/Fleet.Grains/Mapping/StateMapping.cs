using System.Collections.Immutable;
using Fleet.Abstractions.State;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Ec2.Port;

namespace Fleet.Grains.Mapping;

/// <summary>Persisted records ↔ Fleet.Core's model and the EC2 port's records.</summary>
internal static class StateMapping
{
    public static InstanceLimits ToLimits(this InstanceRecord r) => new(
        r.InstanceType,
        r.Hypervisor,
        r.BareMetal,
        r.MaxInterfaces,
        r.Ipv4PerInterface,
        0,
        r.DefaultNetworkCard,
        r.NetworkCards.Count == 0 ? [new NetworkCardLimit(0, r.MaxInterfaces)] : [.. r.NetworkCards.Select(c => new NetworkCardLimit(c[0], c[1]))]);

    public static InstanceRecord ToRecord(Ec2Instance instance, InstanceLimits limits) => new()
    {
        InstanceType = instance.InstanceType,
        AvailabilityZone = instance.AvailabilityZone,
        VpcId = instance.VpcId,
        SubnetId = instance.SubnetId,
        Hypervisor = limits.Hypervisor,
        BareMetal = limits.BareMetal,
        MaxInterfaces = limits.MaxInterfaces,
        Ipv4PerInterface = limits.Ipv4PerInterface,
        DefaultNetworkCard = limits.DefaultNetworkCardIndex,
        NetworkCards = [.. limits.NetworkCards.Select(c => new[] { c.Index, c.MaxInterfaces })],
    };

    public static Eni ToEni(this EniRecord r) => new(
        r.Id,
        r.SubnetId,
        r.PrimaryIp,
        [.. r.SecondaryIps],
        [.. r.Prefixes],
        [.. r.SecurityGroups],
        r.Tags.ToImmutableDictionary(StringComparer.Ordinal),
        r.AttachmentId is null ? null : new EniAttachment(r.AttachmentId, r.DeviceIndex, r.NetworkCard, r.DeleteOnTermination));

    public static EniRecord ToRecord(Ec2NetworkInterface n) => new()
    {
        Id = n.NetworkInterfaceId,
        SubnetId = n.SubnetId,
        PrimaryIp = n.PrimaryIp,
        SecondaryIps = [.. n.SecondaryIps],
        Prefixes = [.. n.Prefixes],
        SecurityGroups = [.. n.SecurityGroups],
        Tags = new Dictionary<string, string>(n.Tags, StringComparer.Ordinal),
        AttachmentId = n.Attachment?.AttachmentId,
        DeviceIndex = n.Attachment?.DeviceIndex ?? -1,
        NetworkCard = n.Attachment?.NetworkCard ?? 0,
        DeleteOnTermination = n.Attachment?.DeleteOnTermination ?? false,
    };

    public static NodeState ToNodeState(this NodeGrainState state, string instanceId)
    {
        var instance = state.Instance ?? throw new InvalidOperationException($"Node {instanceId} has not been discovered yet.");
        return new NodeState(instanceId, instance.ToLimits(), instance.AvailabilityZone, instance.VpcId, instance.SubnetId, [.. state.Enis.Select(ToEni)]);
    }

    public static Demand ToDemand(this DemandRecord? record) =>
        record is null ? Demand.None : new Demand(record.Used, record.Pending);

    public static TrendRecord? ToRecord(this DemandTrendSnapshot snapshot) => snapshot.LastSeconds is not { } last ? null : new()
    {
        GrowthPerSecond = snapshot.GrowthPerSecond,
        LastSeconds = last,
        LastTotal = snapshot.LastTotal,
        LowSeconds = snapshot.LowSeconds,
        LowTotal = snapshot.LowTotal,
    };

    public static DemandTrendSnapshot ToSnapshot(this TrendRecord r) => new(r.GrowthPerSecond, r.LastSeconds, r.LastTotal, r.LowSeconds, r.LowTotal);
}
