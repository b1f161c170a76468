using Amazon.EC2;
using Amazon.EC2.Model;

namespace Fleet.Ec2.EmulatorTests.Http;

[Collection(EmulatorServerCollection.Name)]
public sealed class SdkDescribeTests(EmulatorServerFixture fx)
{
    private readonly AmazonEC2Client _ec2 = fx.Client();

    [Fact]
    public async Task Instances_types_vpcs_subnets_and_groups_parse()
    {
        var run = await _ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = "ami-1", InstanceType = InstanceType.M5Large, MinCount = 1, MaxCount = 1,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.Instance, Tags = [new Tag("Name", "sdk")] }],
        });
        var id = run.Reservation.Instances[0].InstanceId;
        var byId = await _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] });
        var byTag = await _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("tag:Name", ["sdk"])], MaxResults = 5 });
        var types = await _ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["m5.large", "c6in.32xlarge"] });
        var page = await _ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { MaxResults = 20 });
        var next = await _ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { MaxResults = 20, NextToken = page.NextToken });
        var vpcs = await _ec2.DescribeVpcsAsync(new DescribeVpcsRequest());
        var subnets = await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpcs.Vpcs[0].VpcId]), new Filter("availability-zone", ["us-east-1a"])] });
        var groups = await _ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupNames = ["default"] });

        var instance = byId.Reservations.Single().Instances.Single();
        Assert.Equal(("running", InstanceType.M5Large), (instance.State.Name.Value, instance.InstanceType));
        var eth0 = instance.NetworkInterfaces.Single();
        Assert.Equal((0, 0, true), (eth0.Attachment.DeviceIndex, eth0.Attachment.NetworkCardIndex, eth0.Attachment.DeleteOnTermination));
        Assert.Equal(id, byTag.Reservations.Single().Instances.Single().InstanceId);
        var m5 = types.InstanceTypes.Single(t => t.InstanceType == InstanceType.M5Large);
        Assert.Equal((3, 10, 2), (m5.NetworkInfo.MaximumNetworkInterfaces, m5.NetworkInfo.Ipv4AddressesPerInterface, m5.VCpuInfo.DefaultVCpus));
        Assert.Equal([8, 8], types.InstanceTypes.Single(t => t.InstanceType == "c6in.32xlarge").NetworkInfo.NetworkCards.Select(c => c.MaximumNetworkInterfaces));
        Assert.Equal(20, page.InstanceTypes.Count);
        Assert.Empty(page.InstanceTypes.Select(t => t.InstanceType.Value).Intersect(next.InstanceTypes.Select(t => t.InstanceType.Value)));
        Assert.Equal(("10.0.0.0/16", true), (vpcs.Vpcs.Single().CidrBlock, vpcs.Vpcs[0].IsDefault));
        Assert.Equal(["10.0.0.0/24", "10.0.16.0/20"], subnets.Subnets.Select(s => s.CidrBlock));
        Assert.Equal("default", groups.SecurityGroups.Single().GroupName);
    }

    [Fact]
    public async Task Paginated_filtered_describe_walks_every_page()
    {
        var subnet = fx.Region.Snapshot().Subnets.Single(s => s.CidrBlock == "10.0.32.0/20").SubnetId;
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
            {
                SubnetId = subnet, Description = "paged",
                TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = [new Tag("page-test", "yes")] }],
            })).NetworkInterface.NetworkInterfaceId);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
            {
                Filters = [new Filter("tag:page-test", ["yes"]), new Filter("status", ["available"])], MaxResults = 5, NextToken = token,
            });
            seen.AddRange(page.NetworkInterfaces.Select(n => n.NetworkInterfaceId));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task Describe_errors_carry_EC2_codes_and_statuses()
    {
        var tooMany = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter("network-interface-id", [.. Enumerable.Range(0, 201).Select(i => $"eni-{i:x17}")])],
        }));
        var notFound = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ["i-0123456789abcdef0"] }));
        var dryRun = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DescribeVpcsAsync(new DescribeVpcsRequest { DryRun = true }));
        var badType = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["m5.enormous"] }));

        Assert.Equal(("FilterLimitExceeded", System.Net.HttpStatusCode.BadRequest), (tooMany.ErrorCode, tooMany.StatusCode));
        Assert.Equal("InvalidInstanceID.NotFound", notFound.ErrorCode);
        Assert.Equal(("DryRunOperation", System.Net.HttpStatusCode.PreconditionFailed), (dryRun.ErrorCode, dryRun.StatusCode));
        Assert.Equal("InvalidInstanceType", badType.ErrorCode);
        Assert.False(string.IsNullOrEmpty(notFound.RequestId));
    }

    [Fact]
    public async Task Tags_are_created_and_deleted_through_the_SDK()
    {
        var subnet = fx.Region.Snapshot().Subnets.Single(s => s.CidrBlock == "10.0.32.0/20").SubnetId;
        var eni = (await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = subnet })).NetworkInterface.NetworkInterfaceId;

        await _ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [eni], Tags = [new Tag("a", "1"), new Tag("b", "2")] });
        await _ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [eni], Tags = [new Tag { Key = "a" }] });
        var tags = (await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [new Filter("tag-key", ["b"]), new Filter("network-interface-id", [eni])] }))
            .NetworkInterfaces.Single().TagSet;

        Assert.Equal([("b", "2")], tags.Select(t => (t.Key, t.Value)));
    }
}
