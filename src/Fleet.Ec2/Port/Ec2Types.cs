using System.Collections.Immutable;

namespace Fleet.Ec2.Port;

/// <summary>An ENI's attachment as EC2 reports it.</summary>
/// <param name="AttachmentId">The attachment id.</param>
/// <param name="InstanceId">The instance it is attached to.</param>
/// <param name="DeviceIndex">Device index on the card.</param>
/// <param name="NetworkCard">Network card index.</param>
/// <param name="DeleteOnTermination">Whether EC2 deletes the ENI with the instance.</param>
/// <param name="Status"><c>attaching</c>, <c>attached</c>, <c>detaching</c> or <c>detached</c>.</param>
public sealed record Ec2Attachment(string AttachmentId, string InstanceId, int DeviceIndex, int NetworkCard, bool DeleteOnTermination, string Status);

/// <summary>An ENI as EC2 reports it.</summary>
public sealed record Ec2NetworkInterface(
    string NetworkInterfaceId,
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string Status,
    string PrimaryIp,
    ImmutableArray<string> SecondaryIps,
    ImmutableArray<string> Prefixes,
    ImmutableArray<string> SecurityGroups,
    ImmutableDictionary<string, string> Tags,
    string? Description,
    Ec2Attachment? Attachment);

/// <summary>An instance as EC2 reports it.</summary>
public sealed record Ec2Instance(
    string InstanceId,
    string InstanceType,
    string State,
    string AvailabilityZone,
    string VpcId,
    string SubnetId);

/// <summary>A subnet as EC2 reports it (EC2 counts free addresses, not free /28 blocks).</summary>
public sealed record Ec2Subnet(
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string CidrBlock,
    int AvailableIpAddressCount,
    ImmutableDictionary<string, string> Tags);

/// <summary>One page of a describe; <paramref name="NextToken"/> is null on the last page.</summary>
public sealed record Ec2Page<T>(ImmutableArray<T> Items, string? NextToken);

/// <summary>What an Assign added (EC2 returns only the newly assigned addresses and prefixes).</summary>
public sealed record AssignedAddresses(ImmutableArray<string> Ips, ImmutableArray<string> Prefixes);

/// <summary>A call that returns nothing but success.</summary>
public readonly record struct Done;
