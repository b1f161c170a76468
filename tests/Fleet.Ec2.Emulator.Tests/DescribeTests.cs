using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Tests;

public sealed class DescribeTests
{
    private readonly Harness _h = new();

    [Fact]
    public void Filter_on_instance_id_finds_the_instance_interfaces()
    {
        var instance = _h.Launch();
        var eni = _h.Create(prefixes: 3);
        _h.Create();
        _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        var r = _h.Region.DescribeNetworkInterfaces(new() { Filters = [Ec2Filter.Of("attachment.instance-id", instance.InstanceId)] });

        Assert.Equal([instance.NetworkInterfaces[0].NetworkInterfaceId, eni.NetworkInterfaceId], r.Value!.NetworkInterfaces.Select(e => e.NetworkInterfaceId));
    }

    [Fact]
    public void Filters_AND_together_values_OR_and_wildcards_match()
    {
        var tagged = _h.Region.CreateNetworkInterface(new()
        {
            SubnetId = _h.Subnet20, Description = "aws-K8S-i-1",
            TagSpecifications = [new("network-interface", [new("cluster", "blue")])],
        }).Value!.NetworkInterface;
        _h.Region.CreateNetworkInterface(new() { SubnetId = _h.Subnet24, Description = "other", TagSpecifications = [new("network-interface", [new("cluster", "red")])] });

        IReadOnlyList<string> Ids(params Ec2Filter[] filters) =>
            [.. _h.Region.DescribeNetworkInterfaces(new() { Filters = filters }).Value!.NetworkInterfaces.Select(e => e.NetworkInterfaceId)];

        Assert.Equal([tagged.NetworkInterfaceId], Ids(Ec2Filter.Of("tag:cluster", "blue"), Ec2Filter.Of("status", "available")));
        Assert.Equal([tagged.NetworkInterfaceId], Ids(Ec2Filter.Of("description", "aws-K8S-*")));
        Assert.Equal(2, Ids(Ec2Filter.Of("tag-key", "cluster")).Count);
        Assert.Equal(2, Ids(Ec2Filter.Of("subnet-id", _h.Subnet20, _h.Subnet24)).Count);
        Assert.Empty(Ids(Ec2Filter.Of("tag:cluster", "blue"), Ec2Filter.Of("subnet-id", _h.Subnet24)));
        Assert.Equal(2, Ids(Ec2Filter.Of("vpc-id", _h.Region.Snapshot().Vpcs[0].VpcId)).Count);
    }

    [Fact]
    public void Pages_follow_creation_order_and_cover_everything_once()
    {
        var created = Enumerable.Range(0, 12).Select(_ => _h.Create().NetworkInterfaceId).ToList();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = _h.Region.DescribeNetworkInterfaces(new() { MaxResults = 5, NextToken = token }).Value!;
            seen.AddRange(page.NetworkInterfaces.Select(e => e.NetworkInterfaceId));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(1001)]
    public void MaxResults_outside_5_to_1000_is_refused(int max) =>
        Assert.Equal("InvalidParameterValue", _h.Region.DescribeNetworkInterfaces(new() { MaxResults = max }).Error!.Code);

    [Fact]
    public void More_than_200_filter_values_answers_FilterLimitExceeded()
    {
        var values = Enumerable.Range(0, 201).Select(i => $"eni-{i:x17}").ToArray();

        var r = _h.Region.DescribeNetworkInterfaces(new() { Filters = [Ec2Filter.Of("network-interface-id", values)] });

        Assert.Equal(new Ec2Error("FilterLimitExceeded", "The maximum number of filter values specified on a single call is 200", 400), r.Error);
        Assert.True(_h.Region.DescribeNetworkInterfaces(new() { Filters = [Ec2Filter.Of("network-interface-id", values[..200])] }).IsSuccess);
    }

    [Fact]
    public void Unknown_filter_bad_token_and_ids_with_MaxResults_are_refused()
    {
        Assert.Equal("InvalidParameterValue", _h.Region.DescribeNetworkInterfaces(new() { Filters = [Ec2Filter.Of("colour", "blue")] }).Error!.Code);
        Assert.Equal("InvalidPaginationToken", _h.Region.DescribeNetworkInterfaces(new() { MaxResults = 5, NextToken = "garbage" }).Error!.Code);
        Assert.Equal("InvalidParameterCombination", _h.Region.DescribeNetworkInterfaces(
            new() { MaxResults = 5, NetworkInterfaceIds = [_h.Create().NetworkInterfaceId] }).Error!.Code);
    }

    [Fact]
    public void Missing_ids_are_named_in_the_NotFound_message()
    {
        var r = _h.Region.DescribeNetworkInterfaces(new() { NetworkInterfaceIds = ["eni-00000000000000001", "eni-00000000000000002"] });

        Assert.Equal("The networkInterface IDs 'eni-00000000000000001, eni-00000000000000002' do not exist", r.Error!.Message);
    }

    [Fact]
    public void With_eventual_consistency_a_new_interface_is_NotFound_until_the_lag_has_passed()
    {
        var h = new Harness(o => o.Latency.ConsistencyLag = LatencySpec.Fixed(TimeSpan.FromSeconds(1)));
        var eni = h.Create();

        Assert.Equal("InvalidNetworkInterfaceID.NotFound", h.Region.DescribeNetworkInterfaces(new() { NetworkInterfaceIds = [eni.NetworkInterfaceId] }).Error!.Code);
        Assert.Empty(h.Region.DescribeNetworkInterfaces(new() { Filters = [Ec2Filter.Of("subnet-id", h.Subnet20)] }).Value!.NetworkInterfaces);

        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(eni.NetworkInterfaceId, h.Describe(eni.NetworkInterfaceId).NetworkInterfaceId);
    }

    [Fact]
    public void Default_region_has_one_VPC_two_AZs_with_a_24_and_a_20_each_and_a_default_group()
    {
        var state = _h.Region.Snapshot();

        Assert.Equal("10.0.0.0/16", Assert.Single(state.Vpcs).CidrBlock);
        Assert.Equal(
            ["us-east-1a 10.0.0.0/24", "us-east-1a 10.0.16.0/20", "us-east-1b 10.0.1.0/24", "us-east-1b 10.0.32.0/20"],
            state.Subnets.Select(s => $"{s.AvailabilityZone} {s.CidrBlock}"));
        Assert.Equal(["use1-az1", "use1-az1", "use1-az2", "use1-az2"], state.Subnets.Select(s => s.AvailabilityZoneId));
        Assert.Equal("default", Assert.Single(state.SecurityGroups).GroupName);
    }

    [Fact]
    public void Subnets_vpcs_and_groups_filter_by_their_keys()
    {
        var az = _h.Region.DescribeSubnets(new() { Filters = [Ec2Filter.Of("availability-zone", "us-east-1b")] }).Value!.Subnets;
        var byId = _h.Region.DescribeSubnets(new() { SubnetIds = [_h.Subnet24] }).Value!.Subnets;
        var missing = _h.Region.DescribeSubnets(new() { SubnetIds = ["subnet-0"] });
        var vpcs = _h.Region.DescribeVpcs(new() { Filters = [Ec2Filter.Of("is-default", "true")] }).Value!.Vpcs;
        var groups = _h.Region.DescribeSecurityGroups(new() { Filters = [Ec2Filter.Of("group-name", "default")] }).Value!.SecurityGroups;

        Assert.Equal(2, az.Count);
        Assert.Equal(251, Assert.Single(byId).AvailableIpAddressCount);
        Assert.Equal("InvalidSubnetID.NotFound", missing.Error!.Code);
        Assert.Single(vpcs);
        Assert.Single(groups);
    }

    [Fact]
    public void Instance_types_come_from_the_catalog_in_pages_of_100()
    {
        var first = _h.Region.DescribeInstanceTypes(new()).Value!;
        var m5 = _h.Region.DescribeInstanceTypes(new() { InstanceTypes = ["m5.large"] }).Value!.InstanceTypes.Single();
        var unknown = _h.Region.DescribeInstanceTypes(new() { InstanceTypes = ["m5.huge"] });
        var filtered = _h.Region.DescribeInstanceTypes(new() { Filters = [Ec2Filter.Of("instance-type", "m5.*")], MaxResults = 100 }).Value!;

        Assert.Equal(100, first.InstanceTypes.Count);
        Assert.NotNull(first.NextToken);
        Assert.Equal((3, 10, 2, 8192L), (m5.MaximumNetworkInterfaces, m5.Ipv4AddressesPerInterface, m5.DefaultVCpus, m5.MemoryMiB));
        Assert.Equal("InvalidInstanceType", unknown.Error!.Code);
        Assert.All(filtered.InstanceTypes, t => Assert.StartsWith("m5.", t.InstanceType, StringComparison.Ordinal));
    }

    [Fact]
    public void Tags_are_created_filtered_and_deleted()
    {
        var eni = _h.Create();
        _h.Region.CreateTags(new([eni.NetworkInterfaceId, _h.Subnet20], [new("team", "net"), new("empty", "")]));

        Assert.Equal([new Ec2Tag("team", "net"), new Ec2Tag("empty", "")], _h.Describe(eni.NetworkInterfaceId).Tags);
        _h.Region.DeleteTags(new([eni.NetworkInterfaceId], [("team", "other")]));
        Assert.Equal(2, _h.Describe(eni.NetworkInterfaceId).Tags.Count);
        _h.Region.DeleteTags(new([eni.NetworkInterfaceId], [("team", null)]));
        Assert.Equal([new Ec2Tag("empty", "")], _h.Describe(eni.NetworkInterfaceId).Tags);
        Assert.Equal("InvalidNetworkInterfaceID.NotFound", _h.Region.CreateTags(new(["eni-00000000000000000"], [new("a", "b")])).Error!.Code);
        Assert.Equal("InvalidParameterValue", _h.Region.CreateTags(new([eni.NetworkInterfaceId], [new("aws:x", "b")])).Error!.Code);
    }
}
