using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator.Dispatch;

namespace Fleet.Ec2.Emulator;

/// <summary>One method per EC2 action. Every method is thread-safe and never throws for EC2-level failures.</summary>
public sealed partial class Ec2Region
{
    /// <summary>RunInstances: instances of a catalog type, each with eth0 attached at device 0 (DeleteOnTermination).</summary>
    public Ec2Response<RunInstancesResult> RunInstances(RunInstancesRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.RunInstances, request, context, static (e, r) => e.RunInstances(r),
            static (r, res) => new(InstanceId: res.Value?.Reservation.Instances[0].InstanceId, SubnetId: r.SubnetId, Count: r.MaxCount, Detail: r.InstanceType));

    /// <summary>TerminateInstances: deletes DeleteOnTermination ENIs, detaches the others.</summary>
    public Ec2Response<TerminateInstancesResult> TerminateInstances(TerminateInstancesRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.TerminateInstances, request, context, static (e, r) => e.TerminateInstances(r),
            static (r, _) => new(InstanceId: r.InstanceIds.FirstOrNull(), Count: r.InstanceIds.Count));

    /// <summary>DescribeInstances (the 50/10 bucket when unfiltered and unpaginated).</summary>
    public Ec2Response<DescribeInstancesResult> DescribeInstances(DescribeInstancesRequest request, CallContext? context = null) =>
        Invoke(request.IsUnfiltered ? Ec2Action.DescribeInstancesUnfiltered : Ec2Action.DescribeInstances, request, context,
            static (e, r) => e.DescribeInstances(r),
            static (r, _) => TrailParameters.Describe(r.InstanceIds.Count, r.Filters, r.MaxResults, r.NextToken) with { InstanceId = r.InstanceIds.FirstOrNull() });

    /// <summary>DescribeInstanceTypes (paginated, 100 per page by default).</summary>
    public Ec2Response<DescribeInstanceTypesResult> DescribeInstanceTypes(DescribeInstanceTypesRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DescribeInstanceTypes, request, context, static (e, r) => e.DescribeInstanceTypes(r),
            static (r, _) => TrailParameters.Describe(r.InstanceTypes.Count, r.Filters, r.MaxResults, r.NextToken));

    /// <summary>DescribeVpcs.</summary>
    public Ec2Response<DescribeVpcsResult> DescribeVpcs(DescribeVpcsRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DescribeVpcs, request, context, static (e, r) => e.DescribeVpcs(r),
            static (r, _) => TrailParameters.Describe(r.VpcIds.Count, r.Filters, r.MaxResults, r.NextToken));

    /// <summary>DescribeSubnets.</summary>
    public Ec2Response<DescribeSubnetsResult> DescribeSubnets(DescribeSubnetsRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DescribeSubnets, request, context, static (e, r) => e.DescribeSubnets(r),
            static (r, _) => TrailParameters.Describe(r.SubnetIds.Count, r.Filters, r.MaxResults, r.NextToken) with { SubnetId = r.SubnetIds.FirstOrNull() });

    /// <summary>DescribeSecurityGroups.</summary>
    public Ec2Response<DescribeSecurityGroupsResult> DescribeSecurityGroups(DescribeSecurityGroupsRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DescribeSecurityGroups, request, context, static (e, r) => e.DescribeSecurityGroups(r),
            static (r, _) => TrailParameters.Describe(r.GroupIds.Count + r.GroupNames.Count, r.Filters, r.MaxResults, r.NextToken));

    /// <summary>CreateNetworkInterface (idempotent by ClientToken).</summary>
    public Ec2Response<CreateNetworkInterfaceResult> CreateNetworkInterface(CreateNetworkInterfaceRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.CreateNetworkInterface, request, context, static (e, r) => e.CreateNetworkInterface(r),
            static (r, res) => new(
                NetworkInterfaceId: res.Value?.NetworkInterface.NetworkInterfaceId, SubnetId: r.SubnetId,
                Count: r.Ipv4PrefixCount ?? r.SecondaryPrivateIpAddressCount ?? (r.Ipv4Prefixes.Count + r.SecondaryPrivateIpAddresses.Count),
                Detail: r.Ipv4PrefixCount is not null || r.Ipv4Prefixes.Count > 0 ? "prefixes" : "addresses"));

    /// <summary>AttachNetworkInterface: the attachment is <c>attaching</c> until its completion delay has passed.</summary>
    public Ec2Response<AttachNetworkInterfaceResult> AttachNetworkInterface(AttachNetworkInterfaceRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.AttachNetworkInterface, request, context, static (e, r) => e.AttachNetworkInterface(r),
            static (r, res) => new(r.NetworkInterfaceId, r.InstanceId, AttachmentId: res.Value?.AttachmentId, Count: r.DeviceIndex,
                Detail: $"card={r.NetworkCardIndex ?? 0}"));

    /// <summary>DetachNetworkInterface: the attachment is <c>detaching</c> until its completion delay has passed.</summary>
    public Ec2Response<Ec2Acknowledgement> DetachNetworkInterface(DetachNetworkInterfaceRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DetachNetworkInterface, request, context, static (e, r) => e.DetachNetworkInterface(r),
            static (r, _) => new(AttachmentId: r.AttachmentId, Detail: r.Force ? "force" : null));

    /// <summary>DeleteNetworkInterface (fails while the ENI is attached or detaching).</summary>
    public Ec2Response<Ec2Acknowledgement> DeleteNetworkInterface(DeleteNetworkInterfaceRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DeleteNetworkInterface, request, context, static (e, r) => e.DeleteNetworkInterface(r),
            static (r, _) => new(r.NetworkInterfaceId));

    /// <summary>AssignPrivateIpAddresses: answers only what it assigned.</summary>
    public Ec2Response<AssignPrivateIpAddressesResult> AssignPrivateIpAddresses(AssignPrivateIpAddressesRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.AssignPrivateIpAddresses, request, context, static (e, r) => e.AssignPrivateIpAddresses(r),
            static (r, _) => new(r.NetworkInterfaceId,
                Count: r.Ipv4PrefixCount ?? r.SecondaryPrivateIpAddressCount ?? (r.Ipv4Prefixes.Count + r.PrivateIpAddresses.Count),
                Detail: r.Ipv4PrefixCount is not null || r.Ipv4Prefixes.Count > 0 ? "prefixes" : "addresses"));

    /// <summary>UnassignPrivateIpAddresses.</summary>
    public Ec2Response<Ec2Acknowledgement> UnassignPrivateIpAddresses(UnassignPrivateIpAddressesRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.UnassignPrivateIpAddresses, request, context, static (e, r) => e.UnassignPrivateIpAddresses(r),
            static (r, _) => new(r.NetworkInterfaceId, Count: r.PrivateIpAddresses.Count + r.Ipv4Prefixes.Count,
                Detail: r.Ipv4Prefixes.Count > 0 ? "prefixes" : "addresses"));

    /// <summary>ModifyNetworkInterfaceAttribute (one attribute per call).</summary>
    public Ec2Response<Ec2Acknowledgement> ModifyNetworkInterfaceAttribute(ModifyNetworkInterfaceAttributeRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.ModifyNetworkInterfaceAttribute, request, context, static (e, r) => e.ModifyNetworkInterfaceAttribute(r),
            static (r, _) => new(r.NetworkInterfaceId, AttachmentId: r.AttachmentId,
                Detail: r.DeleteOnTermination is { } d ? $"deleteOnTermination={(d ? "true" : "false")}"
                    : r.SecurityGroupIds is not null ? "groups" : r.Description is not null ? "description" : r.SourceDestCheck is not null ? "sourceDestCheck" : null));

    /// <summary>DescribeNetworkInterfaces (the 50/10 bucket when unfiltered and unpaginated).</summary>
    public Ec2Response<DescribeNetworkInterfacesResult> DescribeNetworkInterfaces(DescribeNetworkInterfacesRequest request, CallContext? context = null) =>
        Invoke(request.IsUnfiltered ? Ec2Action.DescribeNetworkInterfacesUnfiltered : Ec2Action.DescribeNetworkInterfaces, request, context,
            static (e, r) => e.DescribeNetworkInterfaces(r),
            static (r, _) => TrailParameters.Describe(r.NetworkInterfaceIds.Count, r.Filters, r.MaxResults, r.NextToken)
                with { NetworkInterfaceId = r.NetworkInterfaceIds.FirstOrNull() });

    /// <summary>CreateTags.</summary>
    public Ec2Response<Ec2Acknowledgement> CreateTags(CreateTagsRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.CreateTags, request, context, static (e, r) => e.CreateTags(r),
            static (r, _) => new(NetworkInterfaceId: r.ResourceIds.FirstOrNull(), Count: r.Tags.Count));

    /// <summary>DeleteTags.</summary>
    public Ec2Response<Ec2Acknowledgement> DeleteTags(DeleteTagsRequest request, CallContext? context = null) =>
        Invoke(Ec2Action.DeleteTags, request, context, static (e, r) => e.DeleteTags(r),
            static (r, _) => new(NetworkInterfaceId: r.ResourceIds.FirstOrNull(), Count: r.Tags.Count));
}

/// <summary>Small helpers for trail keys.</summary>
internal static class ListExtensions
{
    public static string? FirstOrNull(this IReadOnlyList<string> list) => list.Count > 0 ? list[0] : null;
}
