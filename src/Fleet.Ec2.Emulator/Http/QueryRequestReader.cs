namespace Fleet.Ec2.Emulator.Http;

/// <summary>
/// Query parameters → typed requests, with the parameter names of the EC2 service model (e.g.
/// <c>Ipv4Prefix.N.Ipv4Prefix</c> in CreateNetworkInterface but <c>Ipv4Prefix.N</c> in Assign/Unassign).
/// </summary>
internal static class QueryRequestReader
{
    public static CreateNetworkInterfaceRequest CreateNetworkInterface(QueryParameters q)
    {
        var primary = q.Get("PrivateIpAddress");
        var secondaries = new List<string>();
        for (var n = 1; q.Get(QueryParameters.Key("PrivateIpAddresses", n, "PrivateIpAddress")) is { } address; n++)
        {
            if (q.Bool(QueryParameters.Key("PrivateIpAddresses", n, "Primary")) == true && primary is null)
            {
                primary = address;
            }
            else
            {
                secondaries.Add(address);
            }
        }

        return new CreateNetworkInterfaceRequest
        {
            SubnetId = q.GetOrEmpty("SubnetId"),
            Description = q.Get("Description"),
            PrivateIpAddress = primary,
            SecondaryPrivateIpAddresses = secondaries,
            SecondaryPrivateIpAddressCount = q.Int("SecondaryPrivateIpAddressCount"),
            Ipv4Prefixes = q.List("Ipv4Prefix", "Ipv4Prefix"),
            Ipv4PrefixCount = q.Int("Ipv4PrefixCount"),
            SecurityGroupIds = q.List("SecurityGroupId"),
            TagSpecifications = q.TagSpecifications(),
            ClientToken = q.Get("ClientToken"),
            InterfaceType = q.Get("InterfaceType"),
            DryRun = q.Flag("DryRun"),
        };
    }

    public static AttachNetworkInterfaceRequest AttachNetworkInterface(QueryParameters q) => new(
        q.GetOrEmpty("NetworkInterfaceId"), q.GetOrEmpty("InstanceId"), q.RequiredInt("DeviceIndex"), q.Int("NetworkCardIndex"), q.Flag("DryRun"));

    public static DetachNetworkInterfaceRequest DetachNetworkInterface(QueryParameters q) =>
        new(q.GetOrEmpty("AttachmentId"), q.Flag("Force"), q.Flag("DryRun"));

    public static DeleteNetworkInterfaceRequest DeleteNetworkInterface(QueryParameters q) =>
        new(q.GetOrEmpty("NetworkInterfaceId"), q.Flag("DryRun"));

    public static AssignPrivateIpAddressesRequest AssignPrivateIpAddresses(QueryParameters q) => new()
    {
        NetworkInterfaceId = q.GetOrEmpty("NetworkInterfaceId"),
        PrivateIpAddresses = q.List("PrivateIpAddress"),
        SecondaryPrivateIpAddressCount = q.Int("SecondaryPrivateIpAddressCount"),
        Ipv4Prefixes = q.List("Ipv4Prefix"),
        Ipv4PrefixCount = q.Int("Ipv4PrefixCount"),
        AllowReassignment = q.Flag("AllowReassignment"),
    };

    public static UnassignPrivateIpAddressesRequest UnassignPrivateIpAddresses(QueryParameters q) => new()
    {
        NetworkInterfaceId = q.GetOrEmpty("NetworkInterfaceId"),
        PrivateIpAddresses = q.List("PrivateIpAddress"),
        Ipv4Prefixes = q.List("Ipv4Prefix"),
    };

    public static ModifyNetworkInterfaceAttributeRequest ModifyNetworkInterfaceAttribute(QueryParameters q) => new()
    {
        NetworkInterfaceId = q.GetOrEmpty("NetworkInterfaceId"),
        Description = q.Get("Description.Value"),
        SourceDestCheck = q.Bool("SourceDestCheck.Value"),
        SecurityGroupIds = q.HasList("SecurityGroupId") ? q.List("SecurityGroupId") : null,
        AttachmentId = q.Get("Attachment.AttachmentId"),
        DeleteOnTermination = q.Bool("Attachment.DeleteOnTermination"),
        DryRun = q.Flag("DryRun"),
    };

    public static DescribeNetworkInterfacesRequest DescribeNetworkInterfaces(QueryParameters q) => new()
    {
        NetworkInterfaceIds = q.List("NetworkInterfaceId"),
        Filters = q.Filters(),
        MaxResults = q.Int("MaxResults"),
        NextToken = NonEmpty(q.Get("NextToken")),
        DryRun = q.Flag("DryRun"),
    };

    public static RunInstancesRequest RunInstances(QueryParameters q) => new()
    {
        ImageId = q.Get("ImageId") ?? "ami-00000000000000000",
        InstanceType = q.Get("InstanceType") ?? "m5.large",
        MinCount = q.RequiredInt("MinCount"),
        MaxCount = q.RequiredInt("MaxCount"),
        SubnetId = q.Get("SubnetId"),
        AvailabilityZone = q.Get("Placement.AvailabilityZone"),
        PrivateIpAddress = q.Get("PrivateIpAddress"),
        SecurityGroupIds = q.List("SecurityGroupId"),
        TagSpecifications = q.TagSpecifications(),
        ClientToken = q.Get("ClientToken"),
        DryRun = q.Flag("DryRun"),
    };

    public static TerminateInstancesRequest TerminateInstances(QueryParameters q) => new(q.List("InstanceId"), q.Flag("DryRun"));

    public static DescribeInstancesRequest DescribeInstances(QueryParameters q) => new()
    {
        InstanceIds = q.List("InstanceId"),
        Filters = q.Filters(),
        MaxResults = q.Int("MaxResults"),
        NextToken = NonEmpty(q.Get("NextToken")),
        DryRun = q.Flag("DryRun"),
    };

    public static DescribeInstanceTypesRequest DescribeInstanceTypes(QueryParameters q) => new()
    {
        InstanceTypes = q.List("InstanceType"),
        Filters = q.Filters(),
        MaxResults = q.Int("MaxResults"),
        NextToken = NonEmpty(q.Get("NextToken")),
        DryRun = q.Flag("DryRun"),
    };

    public static DescribeVpcsRequest DescribeVpcs(QueryParameters q) => new()
    {
        VpcIds = q.List("VpcId"),
        Filters = q.Filters(),
        MaxResults = q.Int("MaxResults"),
        NextToken = NonEmpty(q.Get("NextToken")),
        DryRun = q.Flag("DryRun"),
    };

    public static DescribeSubnetsRequest DescribeSubnets(QueryParameters q) => new()
    {
        SubnetIds = q.List("SubnetId"),
        Filters = q.Filters(),
        MaxResults = q.Int("MaxResults"),
        NextToken = NonEmpty(q.Get("NextToken")),
        DryRun = q.Flag("DryRun"),
    };

    public static DescribeSecurityGroupsRequest DescribeSecurityGroups(QueryParameters q) => new()
    {
        GroupIds = q.List("GroupId"),
        GroupNames = q.List("GroupName"),
        Filters = q.Filters(),
        MaxResults = q.Int("MaxResults"),
        NextToken = NonEmpty(q.Get("NextToken")),
        DryRun = q.Flag("DryRun"),
    };

    public static CreateTagsRequest CreateTags(QueryParameters q) => new(q.List("ResourceId"), q.Tags("Tag"), q.Flag("DryRun"));

    public static DeleteTagsRequest DeleteTags(QueryParameters q)
    {
        var tags = new List<(string, string?)>();
        for (var n = 1; q.Get(QueryParameters.Key("Tag", n, "Key")) is { } key; n++)
        {
            tags.Add((key, q.Get(QueryParameters.Key("Tag", n, "Value"))));
        }

        return new DeleteTagsRequest(q.List("ResourceId"), tags, q.Flag("DryRun"));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
