using System.Collections.Immutable;
using System.Globalization;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// Applies planned actions to a node state as EC2 would if every call succeeded, with deterministic synthetic
/// ids and addresses. Used by <c>fleet plan</c> and by tests to replay plans; never by the allocator itself, which
/// applies what EC2 actually returned.
/// </summary>
public sealed class SyntheticEc2
{
    private uint _next;
    private int _ids;

    /// <summary>Creates a replayer that hands out addresses from <paramref name="firstAddress"/> upwards.</summary>
    public SyntheticEc2(string firstAddress = "10.1.0.0") => _next = Ipv4.Parse(firstAddress);

    /// <summary>Applies one action and returns the resulting state.</summary>
    public NodeState Apply(NodeState node, PlannedAction action)
    {
        SkipPast(node);
        return ApplyFresh(node, action);
    }

    private NodeState ApplyFresh(NodeState node, PlannedAction action) => action switch
    {
        AssignAddresses a => node.WithEni(Grow(node.FindEni(a.EniId) ?? throw Missing(a.EniId), a.Kind, a.Count)),
        CreateInterface c => node.WithEni(Create(node, c)),
        AttachInterface t => node.WithEni((node.FindEni(t.EniId) ?? throw Missing(t.EniId)) with
        {
            Attachment = new EniAttachment(NewId("eni-attach-", node), t.DeviceIndex, t.NetworkCard, false),
        }),
        SetDeleteOnTermination d => node.WithEni(SetDot(node.FindEni(d.EniId) ?? throw Missing(d.EniId))),
        ReleaseAddresses r => node.WithEni(Release(node.FindEni(r.EniId) ?? throw Missing(r.EniId), r)),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action."),
    };

    private Eni Create(NodeState node, CreateInterface create)
    {
        var eni = new Eni(
            NewId("eni-", node),
            create.SubnetId,
            NextIp(),
            [],
            [],
            create.SecurityGroups,
            ImmutableDictionary<string, string>.Empty.Add(FleetTags.Node, node.InstanceId),
            null);
        return Grow(eni, create.Kind, create.Count);
    }

    private Eni Grow(Eni eni, AddressKind kind, int count)
    {
        if (kind == AddressKind.Prefix)
        {
            var prefixes = eni.Prefixes.ToBuilder();
            for (var i = 0; i < count; i++)
            {
                _next = (_next + InstanceLimits.PrefixSize - 1) & ~(uint)(InstanceLimits.PrefixSize - 1);
                prefixes.Add(Ipv4.FormatCidr(_next, 28));
                _next += InstanceLimits.PrefixSize;
            }

            return eni with { Prefixes = prefixes.ToImmutable() };
        }

        var ips = eni.SecondaryIps.ToBuilder();
        for (var i = 0; i < count; i++)
        {
            ips.Add(NextIp());
        }

        return eni with { SecondaryIps = ips.ToImmutable() };
    }

    private static Eni SetDot(Eni eni) => eni with { Attachment = eni.Attachment! with { DeleteOnTermination = true } };

    private static Eni Release(Eni eni, ReleaseAddresses release) => eni with
    {
        Prefixes = [.. eni.Prefixes.Except(release.Prefixes, StringComparer.Ordinal)],
        SecondaryIps = [.. eni.SecondaryIps.Except(release.Ips, StringComparer.Ordinal)],
    };

    private string NextIp() => Ipv4.Format(_next++);

    // Ids and addresses never repeat those the node already holds, so replays can continue from any state.
    private string NewId(string prefix, NodeState node)
    {
        string id;
        do
        {
            id = prefix + (++_ids).ToString("x17", CultureInfo.InvariantCulture);
        }
        while (node.Enis.Any(e => e.Id == id || e.Attachment?.AttachmentId == id));

        return id;
    }

    private void SkipPast(NodeState node)
    {
        foreach (var eni in node.Enis)
        {
            foreach (var ip in eni.SecondaryIps.Append(eni.PrimaryIp))
            {
                _next = Math.Max(_next, Ipv4.Parse(ip) + 1);
            }

            foreach (var prefix in eni.Prefixes)
            {
                _next = Math.Max(_next, Ipv4.ParseCidr(prefix).Network + InstanceLimits.PrefixSize);
            }
        }
    }

    private static KeyNotFoundException Missing(string eniId) => new($"The node has no ENI '{eniId}'.");
}
