using Fleet.Abstractions.State;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;

namespace Fleet.Grains.Mapping;

/// <summary>Planned actions ↔ persisted intents (what a crashed node finds on reactivation).</summary>
internal static class IntentMapping
{
    public static IntentRecord ToIntent(this PlannedAction action, DateTimeOffset now, string? clientToken) => action switch
    {
        AssignAddresses a => new IntentRecord { Action = a.Call.ToString(), EniId = a.EniId, Kind = Kind(a.Kind), Count = a.Count, CreatedAt = now },
        CreateInterface c => new IntentRecord
        {
            Action = c.Call.ToString(), SubnetId = c.SubnetId, Kind = Kind(c.Kind), Count = c.Count,
            SecurityGroups = [.. c.SecurityGroups], ClientToken = clientToken, CreatedAt = now,
        },
        AttachInterface t => new IntentRecord { Action = t.Call.ToString(), EniId = t.EniId, DeviceIndex = t.DeviceIndex, NetworkCard = t.NetworkCard, CreatedAt = now },
        SetDeleteOnTermination d => new IntentRecord { Action = d.Call.ToString(), EniId = d.EniId, AttachmentId = d.AttachmentId, CreatedAt = now },
        ReleaseAddresses r => new IntentRecord { Action = r.Call.ToString(), EniId = r.EniId, Prefixes = [.. r.Prefixes], Ips = [.. r.Ips], CreatedAt = now },
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown planned action."),
    };

    public static PlannedAction ToAction(this IntentRecord intent) => intent.Action switch
    {
        nameof(Ec2Action.AssignPrivateIpAddresses) => new AssignAddresses(intent.EniId!, Kind(intent.Kind), intent.Count),
        nameof(Ec2Action.CreateNetworkInterface) => new CreateInterface(intent.SubnetId!, Kind(intent.Kind), intent.Count, [.. intent.SecurityGroups]),
        nameof(Ec2Action.AttachNetworkInterface) => new AttachInterface(intent.EniId!, intent.DeviceIndex, intent.NetworkCard),
        nameof(Ec2Action.ModifyNetworkInterfaceAttribute) => new SetDeleteOnTermination(intent.EniId!, intent.AttachmentId!),
        nameof(Ec2Action.UnassignPrivateIpAddresses) => new ReleaseAddresses(intent.EniId!, [.. intent.Prefixes], [.. intent.Ips]),
        _ => throw new InvalidOperationException($"Unknown intent action '{intent.Action}'."),
    };

    public static string Describe(this IntentRecord intent) =>
        $"{intent.ToAction().Describe()} (attempt {intent.Attempts}, since {intent.CreatedAt:O})";

    private static string Kind(AddressKind kind) => kind == AddressKind.Prefix ? "prefix" : "ip";

    private static AddressKind Kind(string? kind) => kind == "ip" ? AddressKind.Ip : AddressKind.Prefix;
}
