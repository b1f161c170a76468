namespace Fleet.Ec2.Emulator;

/// <summary>A tag.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (empty string when set without one).</param>
public sealed record Ec2Tag(string Key, string Value);

/// <summary>A security group reference on an ENI or instance.</summary>
/// <param name="GroupId">The group id (<c>sg-…</c>).</param>
/// <param name="GroupName">The group name.</param>
public sealed record Ec2GroupRef(string GroupId, string GroupName);

/// <summary>A private IPv4 address on an ENI.</summary>
/// <param name="PrivateIpAddress">The address.</param>
/// <param name="Primary">Whether it is the ENI's primary address.</param>
/// <param name="PrivateDnsName">EC2's private DNS name for it (<c>ip-10-0-0-5.ec2.internal</c>).</param>
public sealed record Ec2PrivateIp(string PrivateIpAddress, bool Primary, string PrivateDnsName);

/// <summary>An ENI attachment as EC2 describes it.</summary>
/// <param name="AttachmentId">The attachment id (<c>eni-attach-…</c>).</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="InstanceOwnerId">The account owning the instance.</param>
/// <param name="DeviceIndex">The device index on the network card.</param>
/// <param name="NetworkCardIndex">The network card index.</param>
/// <param name="DeleteOnTermination">Whether the ENI is deleted when the instance terminates.</param>
/// <param name="Status"><c>attaching</c>, <c>attached</c>, <c>detaching</c> or <c>detached</c>.</param>
/// <param name="AttachTime">When the attach call arrived.</param>
public sealed record Ec2Attachment(
    string AttachmentId,
    string InstanceId,
    string InstanceOwnerId,
    int DeviceIndex,
    int NetworkCardIndex,
    bool DeleteOnTermination,
    string Status,
    DateTimeOffset AttachTime);

/// <summary>An elastic network interface as DescribeNetworkInterfaces returns it.</summary>
/// <param name="NetworkInterfaceId">The ENI id.</param>
/// <param name="SubnetId">Its subnet.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="AvailabilityZone">Its AZ.</param>
/// <param name="Description">The description (empty when none).</param>
/// <param name="OwnerId">The account.</param>
/// <param name="MacAddress">The MAC address.</param>
/// <param name="PrivateIpAddress">The primary private IPv4 address.</param>
/// <param name="PrivateDnsName">The primary address's DNS name.</param>
/// <param name="PrivateIpAddresses">Every private IPv4 address, primary first.</param>
/// <param name="Ipv4Prefixes">Delegated /28 prefixes in CIDR form, in assignment order.</param>
/// <param name="Groups">Security groups.</param>
/// <param name="Tags">Tags.</param>
/// <param name="Attachment">The attachment, or null when the ENI is available.</param>
/// <param name="Status"><c>available</c> or <c>in-use</c>.</param>
/// <param name="InterfaceType"><c>interface</c> unless created otherwise.</param>
/// <param name="SourceDestCheck">The source/destination check flag.</param>
/// <param name="RequesterManaged">Whether AWS manages the ENI (always false here).</param>
public sealed record Ec2NetworkInterface(
    string NetworkInterfaceId,
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string Description,
    string OwnerId,
    string MacAddress,
    string PrivateIpAddress,
    string PrivateDnsName,
    IReadOnlyList<Ec2PrivateIp> PrivateIpAddresses,
    IReadOnlyList<string> Ipv4Prefixes,
    IReadOnlyList<Ec2GroupRef> Groups,
    IReadOnlyList<Ec2Tag> Tags,
    Ec2Attachment? Attachment,
    string Status,
    string InterfaceType,
    bool SourceDestCheck,
    bool RequesterManaged)
{
    /// <summary>Secondary private IPv4 addresses (every address but the primary).</summary>
    public IEnumerable<string> SecondaryIpAddresses => PrivateIpAddresses.Where(p => !p.Primary).Select(p => p.PrivateIpAddress);
}

/// <summary>An instance's state as EC2 names and numbers it.</summary>
/// <param name="Code">16 running, 0 pending, 32 shutting-down, 48 terminated.</param>
/// <param name="Name">The state name.</param>
public sealed record Ec2InstanceState(int Code, string Name);

/// <summary>An instance as DescribeInstances returns it.</summary>
/// <param name="InstanceId">The instance id.</param>
/// <param name="ReservationId">The reservation it was launched in.</param>
/// <param name="InstanceType">The instance type.</param>
/// <param name="ImageId">The AMI id given at launch.</param>
/// <param name="State">The state.</param>
/// <param name="SubnetId">The subnet of eth0 (empty once terminated).</param>
/// <param name="VpcId">The VPC (empty once terminated).</param>
/// <param name="AvailabilityZone">The AZ.</param>
/// <param name="PrivateIpAddress">eth0's primary address (empty once terminated).</param>
/// <param name="PrivateDnsName">Its DNS name.</param>
/// <param name="LaunchTime">When RunInstances arrived.</param>
/// <param name="AmiLaunchIndex">Position within the reservation.</param>
/// <param name="Hypervisor"><c>nitro</c>, <c>xen</c>, or empty for bare metal.</param>
/// <param name="ClientToken">The RunInstances client token, if any.</param>
/// <param name="Groups">Security groups of eth0.</param>
/// <param name="Tags">Tags.</param>
/// <param name="NetworkInterfaces">ENIs attached (attaching, attached or detaching), by card then device index.</param>
public sealed record Ec2Instance(
    string InstanceId,
    string ReservationId,
    string InstanceType,
    string ImageId,
    Ec2InstanceState State,
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string PrivateIpAddress,
    string PrivateDnsName,
    DateTimeOffset LaunchTime,
    int AmiLaunchIndex,
    string Hypervisor,
    string? ClientToken,
    IReadOnlyList<Ec2GroupRef> Groups,
    IReadOnlyList<Ec2Tag> Tags,
    IReadOnlyList<Ec2NetworkInterface> NetworkInterfaces);

/// <summary>A reservation: the instances of one RunInstances call.</summary>
/// <param name="ReservationId">The reservation id (<c>r-…</c>).</param>
/// <param name="OwnerId">The account.</param>
/// <param name="Instances">The instances (those matching the describe).</param>
public sealed record Ec2Reservation(string ReservationId, string OwnerId, IReadOnlyList<Ec2Instance> Instances);

/// <summary>A subnet as DescribeSubnets returns it.</summary>
/// <param name="SubnetId">The subnet id.</param>
/// <param name="VpcId">The VPC.</param>
/// <param name="CidrBlock">The IPv4 CIDR.</param>
/// <param name="AvailabilityZone">The AZ name.</param>
/// <param name="AvailabilityZoneId">The AZ id (<c>use1-az1</c>).</param>
/// <param name="AvailableIpAddressCount">Free addresses (not /28 blocks), as EC2 counts them.</param>
/// <param name="DefaultForAz">Whether this is the AZ's default subnet.</param>
/// <param name="OwnerId">The account.</param>
/// <param name="SubnetArn">The ARN.</param>
/// <param name="Tags">Tags.</param>
/// <param name="FreeAlignedPrefixes">Free aligned /28 blocks: not in EC2's answer, shown by the emulator's state only.</param>
public sealed record Ec2Subnet(
    string SubnetId,
    string VpcId,
    string CidrBlock,
    string AvailabilityZone,
    string AvailabilityZoneId,
    int AvailableIpAddressCount,
    bool DefaultForAz,
    string OwnerId,
    string SubnetArn,
    IReadOnlyList<Ec2Tag> Tags,
    int FreeAlignedPrefixes);

/// <summary>A VPC as DescribeVpcs returns it.</summary>
/// <param name="VpcId">The VPC id.</param>
/// <param name="CidrBlock">The primary IPv4 CIDR.</param>
/// <param name="IsDefault">Whether it is the region's default VPC.</param>
/// <param name="OwnerId">The account.</param>
/// <param name="CidrAssociationId">The association id of the CIDR block.</param>
/// <param name="Tags">Tags.</param>
public sealed record Ec2Vpc(string VpcId, string CidrBlock, bool IsDefault, string OwnerId, string CidrAssociationId, IReadOnlyList<Ec2Tag> Tags);

/// <summary>A security group as DescribeSecurityGroups returns it (rules are not modelled).</summary>
/// <param name="GroupId">The group id.</param>
/// <param name="GroupName">The name.</param>
/// <param name="Description">The description.</param>
/// <param name="VpcId">The VPC.</param>
/// <param name="OwnerId">The account.</param>
/// <param name="Tags">Tags.</param>
public sealed record Ec2SecurityGroup(string GroupId, string GroupName, string Description, string VpcId, string OwnerId, IReadOnlyList<Ec2Tag> Tags);

/// <summary>An instance type's network facts, as DescribeInstanceTypes returns them.</summary>
/// <param name="InstanceType">The name.</param>
/// <param name="Hypervisor"><c>nitro</c>, <c>xen</c>, or empty for bare metal.</param>
/// <param name="BareMetal">Whether it is bare metal.</param>
/// <param name="DefaultVCpus">vCPUs.</param>
/// <param name="MemoryMiB">Memory in MiB.</param>
/// <param name="MaximumNetworkInterfaces">ENIs across all cards.</param>
/// <param name="Ipv4AddressesPerInterface">IPv4 slots per ENI.</param>
/// <param name="Ipv6AddressesPerInterface">IPv6 addresses per ENI.</param>
/// <param name="DefaultNetworkCardIndex">The card of eth0.</param>
/// <param name="NetworkCards">Per-card ENI limits.</param>
public sealed record Ec2InstanceType(
    string InstanceType,
    string Hypervisor,
    bool BareMetal,
    int DefaultVCpus,
    long MemoryMiB,
    int MaximumNetworkInterfaces,
    int Ipv4AddressesPerInterface,
    int Ipv6AddressesPerInterface,
    int DefaultNetworkCardIndex,
    IReadOnlyList<Ec2NetworkCard> NetworkCards);

/// <summary>One network card of an instance type.</summary>
/// <param name="NetworkCardIndex">The card index.</param>
/// <param name="MaximumNetworkInterfaces">ENIs the card holds.</param>
public sealed record Ec2NetworkCard(int NetworkCardIndex, int MaximumNetworkInterfaces);
