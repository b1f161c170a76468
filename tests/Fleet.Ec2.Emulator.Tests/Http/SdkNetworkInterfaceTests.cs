using Amazon.EC2;
using Amazon.EC2.Model;
using Fleet.Core.Addressing;

namespace Fleet.Ec2.EmulatorTests.Http;

[Collection(EmulatorServerCollection.Name)]
public sealed class SdkNetworkInterfaceTests(EmulatorServerFixture fx)
{
    private readonly AmazonEC2Client _ec2 = fx.Client();

    private string Subnet(string cidr) => fx.Region.Snapshot().Subnets.Single(s => s.CidrBlock == cidr).SubnetId;

    private async Task<string> LaunchAsync(string type = "m5.large") =>
        (await _ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = "ami-1", InstanceType = type, MinCount = 1, MaxCount = 1, SubnetId = Subnet("10.0.16.0/20") }))
        .Reservation.Instances[0].InstanceId;

    private static async Task<AmazonEC2Exception> FailsAsync(Func<Task> call) => await Assert.ThrowsAsync<AmazonEC2Exception>(call);

    [Fact]
    public async Task Create_attach_describe_and_assign_prefixes_round_trip_through_the_SDK()
    {
        var instanceId = await LaunchAsync();
        var subnet = Subnet("10.0.16.0/20");
        var created = await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = subnet, Ipv4PrefixCount = 3, Description = "fleet", Groups = [],
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = [new Tag("fleet.io/node", instanceId)] }],
        });
        var eni = created.NetworkInterface;
        var attach = await _ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni.NetworkInterfaceId, InstanceId = instanceId, DeviceIndex = 1 });
        var described = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter("attachment.instance-id", [instanceId])],
        });
        var limit = await FailsAsync(() => _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 7 }));
        var assigned = await _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 6 });

        Assert.NotNull(created.ClientToken); // the SDK sends one by itself; the emulator echoes it
        Assert.Equal(3, eni.Ipv4Prefixes.Count);
        Assert.All(eni.Ipv4Prefixes, p => Assert.True(Ipv4.PrefixContains("10.0.16.0/20", p.Ipv4Prefix.Split('/')[0]) && p.Ipv4Prefix.EndsWith("/28", StringComparison.Ordinal)));
        Assert.Equal("fleet.io/node", eni.TagSet.Single().Key);
        Assert.Equal("default", eni.Groups.Single().GroupName);
        Assert.StartsWith("eni-attach-", attach.AttachmentId, StringComparison.Ordinal);
        var mine = described.NetworkInterfaces.Single(n => n.NetworkInterfaceId == eni.NetworkInterfaceId);
        Assert.Equal((AttachmentStatus.Attaching, 1, false), (mine.Attachment.Status, mine.Attachment.DeviceIndex, mine.Attachment.DeleteOnTermination));
        Assert.Equal(2, described.NetworkInterfaces.Count);
        Assert.Equal(("PrivateIpAddressLimitExceeded", System.Net.HttpStatusCode.BadRequest), (limit.ErrorCode, limit.StatusCode));
        Assert.Equal("Number of private addresses will exceed limit.", limit.Message);
        Assert.Equal(6, assigned.AssignedIpv4Prefixes.Count);
        Assert.Null(assigned.AssignedPrivateIpAddresses); // SDK v4: a missing collection is null

        fx.Time.Advance(TimeSpan.FromSeconds(2));
        var after = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eni.NetworkInterfaceId] });
        Assert.Equal(AttachmentStatus.Attached, after.NetworkInterfaces[0].Attachment.Status);
        Assert.Equal(9, after.NetworkInterfaces[0].Ipv4Prefixes.Count);
    }

    [Fact]
    public async Task Explicit_prefixes_and_addresses_use_their_own_wire_names()
    {
        var subnet = Subnet("10.0.1.0/24");
        var created = await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = subnet,
            PrivateIpAddresses = [new PrivateIpAddressSpecification { PrivateIpAddress = "10.0.1.10", Primary = true }, new PrivateIpAddressSpecification { PrivateIpAddress = "10.0.1.11", Primary = false }],
        });
        var prefixes = await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = subnet, Ipv4Prefixes = [new Ipv4PrefixSpecificationRequest { Ipv4Prefix = "10.0.1.32/28" }],
        });
        var assign = await _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = prefixes.NetworkInterface.NetworkInterfaceId, Ipv4Prefixes = ["10.0.1.48/28"] });
        var assignIp = await _ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = created.NetworkInterface.NetworkInterfaceId, PrivateIpAddresses = ["10.0.1.12"] });
        await _ec2.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = prefixes.NetworkInterface.NetworkInterfaceId, Ipv4Prefixes = ["10.0.1.32/28"] });
        var inUse = await FailsAsync(() => _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = subnet, PrivateIpAddress = "10.0.1.12" }));

        Assert.Equal(["10.0.1.10", "10.0.1.11"], created.NetworkInterface.PrivateIpAddresses.Select(p => p.PrivateIpAddress));
        Assert.True(created.NetworkInterface.PrivateIpAddresses[0].Primary);
        Assert.Equal("10.0.1.32/28", prefixes.NetworkInterface.Ipv4Prefixes.Single().Ipv4Prefix);
        Assert.Equal("10.0.1.48/28", assign.AssignedIpv4Prefixes.Single().Ipv4Prefix);
        Assert.Equal("10.0.1.12", assignIp.AssignedPrivateIpAddresses.Single().PrivateIpAddress);
        Assert.Equal("InvalidIPAddress.InUse", inUse.ErrorCode);
        var left = await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [prefixes.NetworkInterface.NetworkInterfaceId] });
        Assert.Equal("10.0.1.48/28", left.NetworkInterfaces[0].Ipv4Prefixes.Single().Ipv4Prefix);
    }

    [Fact]
    public async Task Client_token_retry_returns_the_same_interface_and_a_changed_request_is_a_mismatch()
    {
        var request = new CreateNetworkInterfaceRequest { SubnetId = Subnet("10.0.32.0/20"), SecondaryPrivateIpAddressCount = 2, ClientToken = "fleet-sdk-token-1" };

        var first = await _ec2.CreateNetworkInterfaceAsync(request);
        var again = await _ec2.CreateNetworkInterfaceAsync(request);
        request.SecondaryPrivateIpAddressCount = 3;
        var mismatch = await FailsAsync(() => _ec2.CreateNetworkInterfaceAsync(request));

        Assert.Equal(first.NetworkInterface.NetworkInterfaceId, again.NetworkInterface.NetworkInterfaceId);
        Assert.Equal("fleet-sdk-token-1", again.ClientToken);
        Assert.Equal("IdempotentParameterMismatch", mismatch.ErrorCode);
    }

    [Fact]
    public async Task Detach_modify_and_delete_follow_the_attachment_lifecycle()
    {
        var instanceId = await LaunchAsync();
        var eni = (await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = Subnet("10.0.16.0/20") })).NetworkInterface.NetworkInterfaceId;
        var attachmentId = (await _ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni, InstanceId = instanceId, DeviceIndex = 2 })).AttachmentId;
        await _ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest
        {
            NetworkInterfaceId = eni, Attachment = new NetworkInterfaceAttachmentChanges { AttachmentId = attachmentId, DeleteOnTermination = true },
        });
        await _ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eni, Description = "renamed" });
        await _ec2.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId });
        var busy = await FailsAsync(() => _ec2.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eni }));
        var detaching = (await _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eni] })).NetworkInterfaces[0];

        fx.Time.Advance(TimeSpan.FromSeconds(3));
        await _ec2.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eni });
        var gone = await FailsAsync(() => _ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eni] }));

        Assert.Equal((AttachmentStatus.Detaching, true, "renamed"), (detaching.Attachment.Status, detaching.Attachment.DeleteOnTermination, detaching.Description));
        Assert.Equal(("InvalidParameterValue", $"Network interface '{eni}' is currently in use."), (busy.ErrorCode, busy.Message));
        Assert.Equal(("InvalidNetworkInterfaceID.NotFound", $"The networkInterface ID '{eni}' does not exist"), (gone.ErrorCode, gone.Message));
    }

    [Fact]
    public async Task Attaching_a_fourth_interface_to_an_m5_large_answers_AttachmentLimitExceeded()
    {
        var instanceId = await LaunchAsync();
        for (var device = 1; device <= 2; device++)
        {
            var eni = (await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = Subnet("10.0.16.0/20") })).NetworkInterface.NetworkInterfaceId;
            await _ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni, InstanceId = instanceId, DeviceIndex = device });
        }

        var fourth = (await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = Subnet("10.0.16.0/20") })).NetworkInterface.NetworkInterfaceId;
        var e = await FailsAsync(() => _ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = fourth, InstanceId = instanceId, DeviceIndex = 3 }));

        Assert.Equal(("AttachmentLimitExceeded", "Interface count 4 exceeds the limit for m5.large"), (e.ErrorCode, e.Message));
    }

    [Fact]
    public async Task Subnet_exhaustion_answers_both_insufficient_codes()
    {
        var subnet = Subnet("10.0.0.0/24");
        var blocks = fx.Region.Snapshot().Subnets.Single(s => s.SubnetId == subnet).FreeAlignedPrefixes;
        await _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = subnet, Ipv4PrefixCount = blocks });
        var left = fx.Region.Snapshot().Subnets.Single(s => s.SubnetId == subnet);
        var cidr = await FailsAsync(() => _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = subnet, Ipv4PrefixCount = 1 }));
        var addresses = await FailsAsync(() => _ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = subnet, SecondaryPrivateIpAddressCount = left.AvailableIpAddressCount }));
        var subnets = await _ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [subnet] });

        Assert.Equal(0, left.FreeAlignedPrefixes);
        Assert.True(left.AvailableIpAddressCount > 0);
        Assert.Equal(left.AvailableIpAddressCount, subnets.Subnets[0].AvailableIpAddressCount);
        Assert.Equal(("InsufficientCidrBlocks", "The specified subnet does not have enough free cidr blocks to satisfy the request."), (cidr.ErrorCode, cidr.Message));
        Assert.Equal("InsufficientFreeAddressesInSubnet", addresses.ErrorCode);
    }
}
