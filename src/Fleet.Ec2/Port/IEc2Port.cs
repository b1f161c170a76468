using Fleet.Core.Catalog;

namespace Fleet.Ec2.Port;

/// <summary>
/// The EC2 operations Fleet uses, and nothing else. Every method sends exactly one EC2 request (describes: one page),
/// so each call spends exactly one token from EC2's bucket for that action: the caller holds the token.
/// Expected failures (throttled, subnet full, slot limit, not found…) come back as <see cref="Errors.Ec2Error"/> values;
/// exceptions mean bugs. Implementations do not retry: retries are the caller's decision (see Fleet.Ec2 README),
/// because only the caller knows whether a call is safe to repeat and holds the throttle token to pay for it.
/// Thread-safe.
/// </summary>
public interface IEc2Port
{
    /// <summary>DescribeInstances filtered by instance id (one page).</summary>
    Task<Ec2Result<Ec2Page<Ec2Instance>>> DescribeInstancesAsync(InstanceQuery query, CancellationToken cancellationToken);

    /// <summary>DescribeNetworkInterfaces with filters (one page).</summary>
    Task<Ec2Result<Ec2Page<Ec2NetworkInterface>>> DescribeNetworkInterfacesAsync(EniQuery query, CancellationToken cancellationToken);

    /// <summary>DescribeSubnets with filters (one page).</summary>
    Task<Ec2Result<Ec2Page<Ec2Subnet>>> DescribeSubnetsAsync(SubnetQuery query, CancellationToken cancellationToken);

    /// <summary>DescribeInstanceTypes for named types (at most 100 per call).</summary>
    Task<Ec2Result<IReadOnlyList<InstanceLimits>>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken);

    /// <summary>CreateNetworkInterface.</summary>
    Task<Ec2Result<Ec2NetworkInterface>> CreateNetworkInterfaceAsync(CreateEniRequest request, CancellationToken cancellationToken);

    /// <summary>AttachNetworkInterface; returns the attachment id.</summary>
    Task<Ec2Result<string>> AttachNetworkInterfaceAsync(AttachEniRequest request, CancellationToken cancellationToken);

    /// <summary>AssignPrivateIpAddresses; returns only what was newly assigned.</summary>
    Task<Ec2Result<AssignedAddresses>> AssignPrivateIpAddressesAsync(AssignRequest request, CancellationToken cancellationToken);

    /// <summary>UnassignPrivateIpAddresses.</summary>
    Task<Ec2Result<Done>> UnassignPrivateIpAddressesAsync(UnassignRequest request, CancellationToken cancellationToken);

    /// <summary>ModifyNetworkInterfaceAttribute: Attachment.DeleteOnTermination=true.</summary>
    Task<Ec2Result<Done>> SetDeleteOnTerminationAsync(string networkInterfaceId, string attachmentId, CancellationToken cancellationToken);

    /// <summary>DeleteNetworkInterface (fails while the ENI is attached).</summary>
    Task<Ec2Result<Done>> DeleteNetworkInterfaceAsync(string networkInterfaceId, CancellationToken cancellationToken);
}
