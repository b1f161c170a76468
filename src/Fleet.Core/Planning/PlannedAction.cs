using System.Collections.Immutable;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;

namespace Fleet.Core.Planning;

/// <summary>
/// One EC2 call Fleet intends to make, as a value: it can be logged, shown, persisted as an intent and asserted
/// before anything calls EC2. Critical actions add capacity; housekeeping actions run on spare tokens.
/// </summary>
public abstract record PlannedAction
{
    /// <summary>The EC2 action this plan calls (and the throttle bucket it spends from).</summary>
    public abstract Ec2Action Call { get; }

    /// <summary>Whether the action is on the critical path (adds capacity pods wait for).</summary>
    public bool IsCritical => Call.AddsCapacity();

    /// <summary>A one-line human description.</summary>
    public abstract string Describe();
}

/// <summary>Assign <paramref name="Count"/> prefixes or secondary IPs to an attached ENI with free slots.</summary>
public sealed record AssignAddresses(string EniId, AddressKind Kind, int Count) : PlannedAction
{
    /// <inheritdoc />
    public override Ec2Action Call => Ec2Action.AssignPrivateIpAddresses;

    /// <summary>Addresses the call adds.</summary>
    public int Addresses => Kind == AddressKind.Prefix ? Count * Catalog.InstanceLimits.PrefixSize : Count;

    /// <inheritdoc />
    public override string Describe() => $"AssignPrivateIpAddresses {EniId}: {Count} {Plural(Kind, Count)}";

    internal static string Plural(AddressKind kind, int count) =>
        kind == AddressKind.Prefix ? (count == 1 ? "prefix" : "prefixes") : (count == 1 ? "IP" : "IPs");
}

/// <summary>Create an ENI in a subnet carrying <paramref name="Count"/> prefixes or secondary IPs; an attach follows.</summary>
public sealed record CreateInterface(string SubnetId, AddressKind Kind, int Count, ImmutableArray<string> SecurityGroups) : PlannedAction
{
    /// <inheritdoc />
    public override Ec2Action Call => Ec2Action.CreateNetworkInterface;

    /// <summary>Addresses the ENI carries once attached (its primary excluded).</summary>
    public int Addresses => Kind == AddressKind.Prefix ? Count * Catalog.InstanceLimits.PrefixSize : Count;

    /// <inheritdoc />
    public override string Describe() => $"CreateNetworkInterface in {SubnetId}: {Count} {AssignAddresses.Plural(Kind, Count)}";
}

/// <summary>Attach a created ENI to the node at a free device index.</summary>
public sealed record AttachInterface(string EniId, int DeviceIndex, int NetworkCard) : PlannedAction
{
    /// <inheritdoc />
    public override Ec2Action Call => Ec2Action.AttachNetworkInterface;

    /// <inheritdoc />
    public override string Describe() => $"AttachNetworkInterface {EniId} at device {DeviceIndex} (card {NetworkCard})";
}

/// <summary>Housekeeping: have EC2 delete an attached ENI with its instance.</summary>
public sealed record SetDeleteOnTermination(string EniId, string AttachmentId) : PlannedAction
{
    /// <inheritdoc />
    public override Ec2Action Call => Ec2Action.ModifyNetworkInterfaceAttribute;

    /// <inheritdoc />
    public override string Describe() => $"ModifyNetworkInterfaceAttribute {EniId}: DeleteOnTermination=true";
}

/// <summary>Housekeeping: give back whole prefixes and IPs that hold no address in use.</summary>
public sealed record ReleaseAddresses(string EniId, ImmutableArray<string> Prefixes, ImmutableArray<string> Ips) : PlannedAction
{
    /// <inheritdoc />
    public override Ec2Action Call => Ec2Action.UnassignPrivateIpAddresses;

    /// <summary>Addresses released.</summary>
    public int Addresses => (Prefixes.Length * Catalog.InstanceLimits.PrefixSize) + Ips.Length;

    /// <inheritdoc />
    public override string Describe() => $"UnassignPrivateIpAddresses {EniId}: {Prefixes.Length} prefixes, {Ips.Length} IPs";
}
