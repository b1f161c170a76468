namespace Fleet.Ec2.Emulator;

/// <summary>CreateNetworkInterface. The address options are mutually exclusive, as in EC2.</summary>
public sealed record CreateNetworkInterfaceRequest
{
    /// <summary>The subnet (required).</summary>
    public required string SubnetId { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>The primary private IPv4 address; chosen by EC2 when null.</summary>
    public string? PrivateIpAddress { get; init; }

    /// <summary>Explicit secondary addresses (<c>PrivateIpAddresses.N</c> with Primary false).</summary>
    public IReadOnlyList<string> SecondaryPrivateIpAddresses { get; init; } = [];

    /// <summary>How many secondary addresses EC2 picks.</summary>
    public int? SecondaryPrivateIpAddressCount { get; init; }

    /// <summary>Explicit /28 prefixes in CIDR form.</summary>
    public IReadOnlyList<string> Ipv4Prefixes { get; init; } = [];

    /// <summary>How many /28 prefixes EC2 picks.</summary>
    public int? Ipv4PrefixCount { get; init; }

    /// <summary>Security group ids; the VPC's default group when empty.</summary>
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];

    /// <summary>Tags applied atomically with the creation.</summary>
    public IReadOnlyList<Ec2TagSpecification> TagSpecifications { get; init; } = [];

    /// <summary>Idempotency token: the same token and parameters return the same ENI.</summary>
    public string? ClientToken { get; init; }

    /// <summary><c>interface</c> (default), <c>efa</c>, <c>efa-only</c>, <c>trunk</c> or <c>branch</c>.</summary>
    public string? InterfaceType { get; init; }

    /// <summary>Check permissions only: answers DryRunOperation.</summary>
    public bool DryRun { get; init; }
}

/// <summary>CreateNetworkInterface's answer.</summary>
/// <param name="NetworkInterface">The new (or, for a repeated client token, the existing) ENI.</param>
/// <param name="ClientToken">The client token echoed back.</param>
public sealed record CreateNetworkInterfaceResult(Ec2NetworkInterface NetworkInterface, string? ClientToken);

/// <summary>AttachNetworkInterface.</summary>
/// <param name="NetworkInterfaceId">The ENI.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="DeviceIndex">The device index on the card (must be free).</param>
/// <param name="NetworkCardIndex">The network card (default 0).</param>
/// <param name="DryRun">Check permissions only.</param>
public sealed record AttachNetworkInterfaceRequest(
    string NetworkInterfaceId, string InstanceId, int DeviceIndex, int? NetworkCardIndex = null, bool DryRun = false);

/// <summary>AttachNetworkInterface's answer. The attachment is <c>attaching</c> until it completes.</summary>
/// <param name="AttachmentId">The attachment id.</param>
/// <param name="NetworkCardIndex">The card used.</param>
public sealed record AttachNetworkInterfaceResult(string AttachmentId, int NetworkCardIndex);

/// <summary>DetachNetworkInterface. The attachment is <c>detaching</c> until it completes.</summary>
/// <param name="AttachmentId">The attachment.</param>
/// <param name="Force">Force the detachment.</param>
/// <param name="DryRun">Check permissions only.</param>
public sealed record DetachNetworkInterfaceRequest(string AttachmentId, bool Force = false, bool DryRun = false);

/// <summary>DeleteNetworkInterface; fails while the ENI is attached or detaching.</summary>
/// <param name="NetworkInterfaceId">The ENI.</param>
/// <param name="DryRun">Check permissions only.</param>
public sealed record DeleteNetworkInterfaceRequest(string NetworkInterfaceId, bool DryRun = false);

/// <summary>AssignPrivateIpAddresses: exactly one of the four address options.</summary>
public sealed record AssignPrivateIpAddressesRequest
{
    /// <summary>The ENI (required).</summary>
    public required string NetworkInterfaceId { get; init; }

    /// <summary>Explicit addresses (<c>PrivateIpAddress.N</c>).</summary>
    public IReadOnlyList<string> PrivateIpAddresses { get; init; } = [];

    /// <summary>How many addresses EC2 picks.</summary>
    public int? SecondaryPrivateIpAddressCount { get; init; }

    /// <summary>Explicit /28 prefixes (<c>Ipv4Prefix.N</c>).</summary>
    public IReadOnlyList<string> Ipv4Prefixes { get; init; } = [];

    /// <summary>How many /28 prefixes EC2 picks.</summary>
    public int? Ipv4PrefixCount { get; init; }

    /// <summary>Move explicit addresses that another ENI holds.</summary>
    public bool AllowReassignment { get; init; }
}

/// <summary>AssignPrivateIpAddresses' answer: only what this call assigned.</summary>
/// <param name="NetworkInterfaceId">The ENI.</param>
/// <param name="AssignedPrivateIpAddresses">Addresses newly assigned.</param>
/// <param name="AssignedIpv4Prefixes">Prefixes newly assigned.</param>
public sealed record AssignPrivateIpAddressesResult(
    string NetworkInterfaceId, IReadOnlyList<string> AssignedPrivateIpAddresses, IReadOnlyList<string> AssignedIpv4Prefixes);

/// <summary>UnassignPrivateIpAddresses.</summary>
public sealed record UnassignPrivateIpAddressesRequest
{
    /// <summary>The ENI (required).</summary>
    public required string NetworkInterfaceId { get; init; }

    /// <summary>Secondary addresses to release.</summary>
    public IReadOnlyList<string> PrivateIpAddresses { get; init; } = [];

    /// <summary>Prefixes to release.</summary>
    public IReadOnlyList<string> Ipv4Prefixes { get; init; } = [];
}

/// <summary>ModifyNetworkInterfaceAttribute: exactly one attribute per call, as in EC2.</summary>
public sealed record ModifyNetworkInterfaceAttributeRequest
{
    /// <summary>The ENI (required).</summary>
    public required string NetworkInterfaceId { get; init; }

    /// <summary>A new description (<c>Description.Value</c>).</summary>
    public string? Description { get; init; }

    /// <summary>A new source/destination check (<c>SourceDestCheck.Value</c>).</summary>
    public bool? SourceDestCheck { get; init; }

    /// <summary>Replacement security groups (<c>SecurityGroupId.N</c>); null leaves them.</summary>
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    /// <summary>The attachment whose DeleteOnTermination changes (<c>Attachment.AttachmentId</c>).</summary>
    public string? AttachmentId { get; init; }

    /// <summary>The new DeleteOnTermination (<c>Attachment.DeleteOnTermination</c>).</summary>
    public bool? DeleteOnTermination { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }
}

/// <summary>DescribeNetworkInterfaces. Without filters and pagination it draws from EC2's smaller bucket.</summary>
public sealed record DescribeNetworkInterfacesRequest
{
    /// <summary>ENI ids; every one must exist.</summary>
    public IReadOnlyList<string> NetworkInterfaceIds { get; init; } = [];

    /// <summary>Filters.</summary>
    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Page size, 5–1000; not with ids.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }

    /// <summary>Whether EC2 would serve this from the unfiltered, unpaginated bucket.</summary>
    public bool IsUnfiltered => Filters.Count == 0 && MaxResults is null && NextToken is null;
}

/// <summary>DescribeNetworkInterfaces' answer.</summary>
/// <param name="NetworkInterfaces">The page.</param>
/// <param name="NextToken">The next page's token, or null on the last page.</param>
public sealed record DescribeNetworkInterfacesResult(IReadOnlyList<Ec2NetworkInterface> NetworkInterfaces, string? NextToken);
