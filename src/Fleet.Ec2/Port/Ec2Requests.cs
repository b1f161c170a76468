using System.Collections.Immutable;
using Fleet.Core.Targets;

namespace Fleet.Ec2.Port;

/// <summary>
/// A filtered, paginated DescribeNetworkInterfaces (EC2's larger describe bucket). Filters are ANDed; values of one
/// filter are ORed; at most 200 values per call.
/// </summary>
/// <param name="Filters">Filter name → values (e.g. <c>attachment.instance-id</c>, <c>tag:fleet.io/node</c>, <c>status</c>).</param>
/// <param name="MaxResults">Page size (5–1000).</param>
/// <param name="NextToken">The previous page's token, or null for the first page.</param>
public sealed record EniQuery(ImmutableDictionary<string, ImmutableArray<string>> Filters, int MaxResults = 1000, string? NextToken = null);

/// <summary>
/// A DescribeInstances: filtered by <c>instance-id</c> and paginated (batches), or, with <paramref name="ById"/>, by
/// instance ids (EC2 then answers <c>InvalidInstanceID.NotFound</c> for an id it does not know: the way to ask again
/// for an id a filtered describe did not return).
/// </summary>
/// <param name="InstanceIds">The instances.</param>
/// <param name="MaxResults">Page size (5–1000; not with <paramref name="ById"/>).</param>
/// <param name="NextToken">The previous page's token.</param>
/// <param name="ById">Ask by ids rather than by filter.</param>
public sealed record InstanceQuery(ImmutableArray<string> InstanceIds, int MaxResults = 1000, string? NextToken = null, bool ById = false);

/// <summary>A filtered, paginated DescribeSubnets.</summary>
public sealed record SubnetQuery(ImmutableDictionary<string, ImmutableArray<string>> Filters, int MaxResults = 1000, string? NextToken = null);

/// <summary>CreateNetworkInterface with all its addresses at once, tags set atomically, idempotent by token.</summary>
/// <param name="SubnetId">The subnet.</param>
/// <param name="Kind">Prefixes or secondary IPs.</param>
/// <param name="Count">How many.</param>
/// <param name="SecurityGroups">Security group ids (empty: the VPC's default).</param>
/// <param name="Tags">Tags set in the create call itself.</param>
/// <param name="Description">Free text shown in the console.</param>
/// <param name="ClientToken">Idempotency token (≤ 64 ASCII characters): a retry with the same token returns the same ENI.</param>
public sealed record CreateEniRequest(
    string SubnetId,
    AddressKind Kind,
    int Count,
    ImmutableArray<string> SecurityGroups,
    ImmutableDictionary<string, string> Tags,
    string Description,
    string ClientToken);

/// <summary>AttachNetworkInterface.</summary>
public sealed record AttachEniRequest(string NetworkInterfaceId, string InstanceId, int DeviceIndex, int NetworkCard);

/// <summary>AssignPrivateIpAddresses by count.</summary>
public sealed record AssignRequest(string NetworkInterfaceId, AddressKind Kind, int Count);

/// <summary>UnassignPrivateIpAddresses of named prefixes and IPs.</summary>
public sealed record UnassignRequest(string NetworkInterfaceId, ImmutableArray<string> Prefixes, ImmutableArray<string> Ips);
