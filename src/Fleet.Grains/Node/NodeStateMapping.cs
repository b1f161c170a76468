using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Priors;

namespace Fleet.Grains.Node;

/// <summary>
/// The node's memory ↔ what the grain persists (<see cref="NodeGrainState"/>), both ways in one place: a reactivated
/// node starts from <see cref="ToMemory"/> with a fresh loop state; every save writes <see cref="ToState"/>.
/// </summary>
internal static class NodeStateMapping
{
    public static NodeMemory ToMemory(string instanceId, NodeGrainState s, AllocatorOptions options) => new(instanceId, options.TrendWindow)
    {
        Spec = s.Spec,
        Instance = s.Instance is { } i ? new InstanceFacts(i.AvailabilityZone, i.VpcId, i.SubnetId, ToLimits(i)) : null,
        Enis = [.. s.Enis.Select(ToEni)],
        CreatedAt = s.Enis.Where(e => e.CreatedAt is not null).ToImmutableDictionary(e => e.Id, e => e.CreatedAt!.Value, StringComparer.Ordinal),
        Demand = s.Demand is { } d ? new ReportedDemand(new Demand(d.Used, d.Pending), d.InUse is null ? null : [.. d.InUse], d.ReportedAt) : null,
        Intent = s.Intent is { } intent ? new CallIntent(ToAction(intent), intent.ClientToken, intent.CreatedAt, intent.Attempts) : null,
        IntentSequence = s.IntentSequence,
        Release = s.Release is { } r ? new ReleaseProposal(new ReleaseAddresses(r.EniId, [.. r.Prefixes], [.. r.Ips]), r.ProposedAt, r.AckedAt) : null,
        Released = [.. s.Released],
        LastError = s.LastError is { } e ? new NodeError(e.Action, e.Code, e.Message, e.At) : null,
        Calls = s.Calls.ToImmutableDictionary(),
        ShortSince = s.ShortSince,
        Terminated = s.InstanceGone,
        Abandoned = [.. s.Abandoned],
        Trend = DemandTrend.Restore(s.Trend is { } t ? new DemandTrendSnapshot(t.GrowthPerSecond, t.LastSeconds, t.LastTotal, t.LowSeconds, t.LowTotal) : null,
            options.TrendWindow),
        PodIntent = s.PodIntent is { } declared ? new PodIntent(declared.Pods, declared.At) : null,
        Peak = s.Peak is { } p
            ? new NodePeak(p.Pods, p.RoseAt, p is { RecordedPods: { } pods, RecordedAt: { } at } ? new PeakSample(pods, at) : null)
            : s.Demand is { } legacy ? KnownPeak(legacy) : NodePeak.None,
    };

    /// <summary>
    /// A node whose state was written before peaks were kept (every state with demand has one since): it has run, so its
    /// demand is taken as its known peak rather than making it young again, where a prior would grow a settled node on
    /// the first report after an upgrade. The sample is not in its group's history; replacing it later takes out nothing.
    /// </summary>
    private static NodePeak KnownPeak(DemandRecord demand)
    {
        var sample = new PeakSample(demand.Used + demand.Pending, demand.ReportedAt);
        return new NodePeak(sample.Pods, sample.At, sample);
    }

    public static NodeGrainState ToState(NodeMemory m, long version, DateTimeOffset? updatedAt) => new()
    {
        Instance = m.Instance is { } i ? ToRecord(i) : null,
        Spec = m.Spec,
        Enis = [.. m.Enis.Select(e => ToRecord(e, m.CreatedAt.TryGetValue(e.Id, out var at) ? at : null))],
        Demand = m.Demand is { } d ? new DemandRecord { Used = d.Demand.Used, Pending = d.Demand.Pending, InUse = d.InUse is { } inUse ? [.. inUse] : null, ReportedAt = d.At } : null,
        Intent = m.Intent is { } intent ? ToRecord(intent) : null,
        Release = m.Release is { } r ? new ReleaseRecord
        {
            EniId = r.Addresses.EniId, Prefixes = [.. r.Addresses.Prefixes], Ips = [.. r.Addresses.Ips], ProposedAt = r.ProposedAt, AckedAt = r.AckedAt,
        } : null,
        LastError = m.LastError is { } e ? new ErrorRecord { Action = e.Action, Code = e.Code, Message = e.Message, At = e.At } : null,
        IntentSequence = m.IntentSequence,
        Calls = new Dictionary<Core.Throttling.Ec2Action, long>(m.Calls),
        ShortSince = m.ShortSince,
        Version = version,
        UpdatedAt = updatedAt,
        InstanceGone = m.Terminated,
        Abandoned = [.. m.Abandoned],
        Released = [.. m.Released],
        Trend = m.Trend.Snapshot() is { LastSeconds: { } last } t
            ? new TrendRecord { GrowthPerSecond = t.GrowthPerSecond, LastSeconds = last, LastTotal = t.LastTotal, LowSeconds = t.LowSeconds, LowTotal = t.LowTotal }
            : null,
        PodIntent = m.PodIntent is { } declared ? new PodIntentRecord { Pods = declared.Pods, At = declared.At } : null,
        Peak = m.Demand is null && m.Peak.Pods == 0 && m.Peak.Recorded is null ? null
            : new PeakRecord { Pods = m.Peak.Pods, RoseAt = m.Peak.RoseAt, RecordedPods = m.Peak.Recorded?.Pods, RecordedAt = m.Peak.Recorded?.At },
    };

    /// <summary>An ENI as the EC2 port described it, in Core's terms, with the instance it is attached to.</summary>
    public static SeenEni ToSeen(Ec2.Port.Ec2NetworkInterface n) => new(new Eni(
        n.NetworkInterfaceId,
        n.SubnetId,
        n.PrimaryIp,
        n.SecondaryIps,
        n.Prefixes,
        n.SecurityGroups,
        n.Tags,
        n.Attachment is { } a ? new EniAttachment(a.AttachmentId, a.DeviceIndex, a.NetworkCard, a.DeleteOnTermination) : null), n.Attachment?.InstanceId);

    private static InstanceLimits ToLimits(InstanceRecord r) => new(
        r.InstanceType,
        r.Hypervisor,
        r.BareMetal,
        r.MaxInterfaces,
        r.Ipv4PerInterface,
        0,
        r.DefaultNetworkCard,
        r.NetworkCards.Count == 0 ? [new NetworkCardLimit(0, r.MaxInterfaces)] : [.. r.NetworkCards.Select(c => new NetworkCardLimit(c[0], c[1]))]);

    private static InstanceRecord ToRecord(InstanceFacts i) => new()
    {
        InstanceType = i.InstanceType,
        AvailabilityZone = i.AvailabilityZone,
        VpcId = i.VpcId,
        SubnetId = i.SubnetId,
        Hypervisor = i.Limits.Hypervisor,
        BareMetal = i.Limits.BareMetal,
        MaxInterfaces = i.Limits.MaxInterfaces,
        Ipv4PerInterface = i.Limits.Ipv4PerInterface,
        DefaultNetworkCard = i.Limits.DefaultNetworkCardIndex,
        NetworkCards = [.. i.Limits.NetworkCards.Select(c => new[] { c.Index, c.MaxInterfaces })],
    };

    private static Eni ToEni(EniRecord r) => new(
        r.Id,
        r.SubnetId,
        r.PrimaryIp,
        [.. r.SecondaryIps],
        [.. r.Prefixes],
        [.. r.SecurityGroups],
        r.Tags.ToImmutableDictionary(StringComparer.Ordinal),
        r.AttachmentId is null ? null : new EniAttachment(r.AttachmentId, r.DeviceIndex, r.NetworkCard, r.DeleteOnTermination));

    private static EniRecord ToRecord(Eni e, DateTimeOffset? createdAt) => new()
    {
        Id = e.Id,
        SubnetId = e.SubnetId,
        PrimaryIp = e.PrimaryIp,
        SecondaryIps = [.. e.SecondaryIps],
        Prefixes = [.. e.Prefixes],
        SecurityGroups = [.. e.SecurityGroups],
        Tags = new Dictionary<string, string>(e.Tags, StringComparer.Ordinal),
        AttachmentId = e.Attachment?.AttachmentId,
        DeviceIndex = e.Attachment?.DeviceIndex ?? -1,
        NetworkCard = e.Attachment?.NetworkCard ?? 0,
        DeleteOnTermination = e.Attachment?.DeleteOnTermination ?? false,
        CreatedAt = createdAt,
    };

    private static IntentRecord ToRecord(CallIntent intent)
    {
        var record = new IntentRecord { Action = intent.Action.Call, ClientToken = intent.ClientToken, CreatedAt = intent.CreatedAt, Attempts = intent.Attempts };
        switch (intent.Action)
        {
            case AssignAddresses a:
                (record.EniId, record.Kind, record.Count) = (a.EniId, a.Kind, a.Count);
                break;
            case CreateInterface c:
                (record.SubnetId, record.Kind, record.Count, record.SecurityGroups) = (c.SubnetId, c.Kind, c.Count, [.. c.SecurityGroups]);
                break;
            case AttachInterface t:
                (record.EniId, record.DeviceIndex, record.NetworkCard) = (t.EniId, t.DeviceIndex, t.NetworkCard);
                break;
            case SetDeleteOnTermination d:
                (record.EniId, record.AttachmentId) = (d.EniId, d.AttachmentId);
                break;
            case ReleaseAddresses r:
                (record.EniId, record.Prefixes, record.Ips) = (r.EniId, [.. r.Prefixes], [.. r.Ips]);
                break;
        }

        return record;
    }

    private static PlannedAction ToAction(IntentRecord intent) => intent.Action switch
    {
        Core.Throttling.Ec2Action.AssignPrivateIpAddresses => new AssignAddresses(intent.EniId!, intent.Kind ?? Core.Targets.AddressKind.Prefix, intent.Count),
        Core.Throttling.Ec2Action.CreateNetworkInterface => new CreateInterface(intent.SubnetId!, intent.Kind ?? Core.Targets.AddressKind.Prefix, intent.Count, [.. intent.SecurityGroups]),
        Core.Throttling.Ec2Action.AttachNetworkInterface => new AttachInterface(intent.EniId!, intent.DeviceIndex, intent.NetworkCard),
        Core.Throttling.Ec2Action.ModifyNetworkInterfaceAttribute => new SetDeleteOnTermination(intent.EniId!, intent.AttachmentId!),
        Core.Throttling.Ec2Action.UnassignPrivateIpAddresses => new ReleaseAddresses(intent.EniId!, [.. intent.Prefixes], [.. intent.Ips]),
        _ => throw new InvalidDataException($"A node intent cannot be a {intent.Action}."),
    };
}
