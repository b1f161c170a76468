namespace Fleet.Ec2.Emulator.Http;

/// <summary>The body of each action's success response (inside <c>&lt;ActionResponse&gt;</c>, after <c>requestId</c>).</summary>
internal static class XmlResponses
{
    public static void Acknowledgement(XmlBuilder x, Ec2Acknowledgement _) => x.Element("return", true);

    public static void CreateNetworkInterface(XmlBuilder x, CreateNetworkInterfaceResult r)
    {
        x.Open("networkInterface");
        XmlShapes.NetworkInterface(x, r.NetworkInterface);
        x.Close("networkInterface").Element("clientToken", r.ClientToken);
    }

    public static void AttachNetworkInterface(XmlBuilder x, AttachNetworkInterfaceResult r) =>
        x.Element("attachmentId", r.AttachmentId).Element("networkCardIndex", r.NetworkCardIndex);

    public static void AssignPrivateIpAddresses(XmlBuilder x, AssignPrivateIpAddressesResult r) =>
        x.Element("networkInterfaceId", r.NetworkInterfaceId)
            .Set("assignedPrivateIpAddressesSet", r.AssignedPrivateIpAddresses, static (x, a) => x.Element("privateIpAddress", a))
            .Set("assignedIpv4PrefixSet", r.AssignedIpv4Prefixes, static (x, p) => x.Element("ipv4Prefix", p));

    public static void DescribeNetworkInterfaces(XmlBuilder x, DescribeNetworkInterfacesResult r) =>
        x.Set("networkInterfaceSet", r.NetworkInterfaces, XmlShapes.NetworkInterface).Element("nextToken", r.NextToken);

    public static void RunInstances(XmlBuilder x, RunInstancesResult r) => XmlShapes.Reservation(x, r.Reservation);

    public static void TerminateInstances(XmlBuilder x, TerminateInstancesResult r) =>
        x.Set("instancesSet", r.Instances, static (x, c) =>
        {
            x.Element("instanceId", c.InstanceId);
            XmlShapes.State(x, "currentState", c.CurrentState);
            XmlShapes.State(x, "previousState", c.PreviousState);
        });

    public static void DescribeInstances(XmlBuilder x, DescribeInstancesResult r) =>
        x.Set("reservationSet", r.Reservations, XmlShapes.Reservation).Element("nextToken", r.NextToken);

    public static void DescribeInstanceTypes(XmlBuilder x, DescribeInstanceTypesResult r) =>
        x.Set("instanceTypeSet", r.InstanceTypes, static (x, t) =>
        {
            x.Element("instanceType", t.InstanceType)
                .Element("currentGeneration", true)
                .Element("bareMetal", t.BareMetal)
                .Element("hypervisor", t.Hypervisor.Length == 0 ? null : t.Hypervisor)
                .Open("vCpuInfo").Element("defaultVCpus", t.DefaultVCpus).Close("vCpuInfo")
                .Open("memoryInfo").Element("sizeInMiB", t.MemoryMiB).Close("memoryInfo")
                .Open("networkInfo")
                .Element("maximumNetworkInterfaces", t.MaximumNetworkInterfaces)
                .Element("maximumNetworkCards", t.NetworkCards.Count)
                .Element("defaultNetworkCardIndex", t.DefaultNetworkCardIndex)
                .Set("networkCards", t.NetworkCards, static (x, c) =>
                    x.Element("networkCardIndex", c.NetworkCardIndex).Element("maximumNetworkInterfaces", c.MaximumNetworkInterfaces))
                .Element("ipv4AddressesPerInterface", t.Ipv4AddressesPerInterface)
                .Element("ipv6AddressesPerInterface", t.Ipv6AddressesPerInterface)
                .Element("ipv6Supported", t.Ipv6AddressesPerInterface > 0)
                .Element("enaSupport", "required")
                .Element("efaSupported", false)
                .Close("networkInfo");
        }).Element("nextToken", r.NextToken);

    public static void DescribeVpcs(XmlBuilder x, DescribeVpcsResult r) =>
        x.Set("vpcSet", r.Vpcs, static (x, v) =>
        {
            x.Element("vpcId", v.VpcId)
                .Element("ownerId", v.OwnerId)
                .Element("state", "available")
                .Element("cidrBlock", v.CidrBlock)
                .Open("cidrBlockAssociationSet").Open("item")
                .Element("associationId", v.CidrAssociationId).Element("cidrBlock", v.CidrBlock)
                .Open("cidrBlockState").Element("state", "associated").Close("cidrBlockState")
                .Close("item").Close("cidrBlockAssociationSet")
                .Element("dhcpOptionsId", "default")
                .Element("instanceTenancy", "default")
                .Element("isDefault", v.IsDefault)
                .Tags(v.Tags);
        }).Element("nextToken", r.NextToken);

    public static void DescribeSubnets(XmlBuilder x, DescribeSubnetsResult r) =>
        x.Set("subnetSet", r.Subnets, static (x, s) =>
        {
            x.Element("subnetId", s.SubnetId)
                .Element("subnetArn", s.SubnetArn)
                .Element("state", "available")
                .Element("ownerId", s.OwnerId)
                .Element("vpcId", s.VpcId)
                .Element("cidrBlock", s.CidrBlock)
                .Empty("ipv6CidrBlockAssociationSet")
                .Element("availableIpAddressCount", s.AvailableIpAddressCount)
                .Element("availabilityZone", s.AvailabilityZone)
                .Element("availabilityZoneId", s.AvailabilityZoneId)
                .Element("defaultForAz", s.DefaultForAz)
                .Element("mapPublicIpOnLaunch", false)
                .Element("assignIpv6AddressOnCreation", false)
                .Element("ipv6Native", false)
                .Tags(s.Tags);
        }).Element("nextToken", r.NextToken);

    public static void DescribeSecurityGroups(XmlBuilder x, DescribeSecurityGroupsResult r) =>
        x.Set("securityGroupInfo", r.SecurityGroups, static (x, g) =>
        {
            x.Element("ownerId", g.OwnerId)
                .Element("groupId", g.GroupId)
                .Element("groupName", g.GroupName)
                .Element("groupDescription", g.Description)
                .Element("vpcId", g.VpcId)
                .Empty("ipPermissions")
                .Empty("ipPermissionsEgress")
                .Tags(g.Tags);
        }).Element("nextToken", r.NextToken);

    /// <summary>EC2's error envelope: <c>Response/Errors/Error/{Code,Message}</c> and <c>RequestID</c>.</summary>
    public static byte[] Error(Ec2Error error, string requestId) =>
        XmlBuilder.StartBare("Response")
            .Open("Errors").Open("Error").Element("Code", error.Code).Element("Message", error.Message).Close("Error").Close("Errors")
            .Element("RequestID", requestId)
            .Finish("Response");
}
