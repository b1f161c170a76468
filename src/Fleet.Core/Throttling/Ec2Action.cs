namespace Fleet.Core.Throttling;

/// <summary>
/// The EC2 actions Fleet and its emulator know, named exactly as the EC2 Query API names them. EC2 throttles each
/// action from its own bucket; the two unfiltered variants have a separate, smaller bucket.
/// </summary>
public enum Ec2Action
{
#pragma warning disable CS1591 // Members are EC2's own action names, documented by AWS.
    CreateNetworkInterface,
    AttachNetworkInterface,
    DetachNetworkInterface,
    DeleteNetworkInterface,
    AssignPrivateIpAddresses,
    UnassignPrivateIpAddresses,
    ModifyNetworkInterfaceAttribute,
    CreateTags,
    DeleteTags,
    DescribeNetworkInterfaces,
    DescribeInstances,
    DescribeSubnets,
    DescribeVpcs,
    DescribeSecurityGroups,
    DescribeInstanceTypes,
    RunInstances,
    TerminateInstances,
#pragma warning restore CS1591

    /// <summary>DescribeNetworkInterfaces without a filter and without pagination: EC2's smaller 50/10 bucket.</summary>
    DescribeNetworkInterfacesUnfiltered,

    /// <summary>DescribeInstances without a filter and without pagination: EC2's smaller 50/10 bucket.</summary>
    DescribeInstancesUnfiltered,
}
