using Fleet.Core.Addressing;

namespace Fleet.Ec2.Emulator.Tests;

public sealed class CreateNetworkInterfaceTests
{
    private readonly Harness _h = new();

    [Fact]
    public void Prefix_count_gives_aligned_28s_inside_the_subnet_plus_a_primary_address()
    {
        var eni = _h.Create(prefixes: 3);

        Assert.Equal(3, eni.Ipv4Prefixes.Count);
        Assert.All(eni.Ipv4Prefixes, p =>
        {
            var (network, length) = Ipv4.ParseCidr(p);
            Assert.Equal(28, length);
            Assert.Equal(0u, network % 16);
            Assert.True(Ipv4.PrefixContains("10.0.16.0/20", Ipv4.Format(network)));
        });
        Assert.Single(eni.PrivateIpAddresses);
        Assert.Equal("available", eni.Status);
        Assert.Null(eni.Attachment);
        Assert.Equal(4091 - 48 - 1, _h.Region.Snapshot().Subnets.Single(s => s.SubnetId == _h.Subnet20).AvailableIpAddressCount);
    }

    [Fact]
    public void Secondary_count_gives_that_many_addresses_after_the_primary()
    {
        var eni = _h.Create(ips: 4);

        Assert.Equal(5, eni.PrivateIpAddresses.Count);
        Assert.True(eni.PrivateIpAddresses[0].Primary);
        Assert.Equal(4, eni.SecondaryIpAddresses.Count());
    }

    [Fact]
    public void Explicit_addresses_and_prefixes_are_used_as_given()
    {
        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest
        {
            SubnetId = _h.Subnet24, PrivateIpAddress = "10.0.0.10", Ipv4Prefixes = ["10.0.0.64/28", "10.0.0.96/28"],
        });

        Assert.Equal("10.0.0.10", r.Value!.NetworkInterface.PrivateIpAddress);
        Assert.Equal(["10.0.0.64/28", "10.0.0.96/28"], r.Value.NetworkInterface.Ipv4Prefixes);
    }

    [Theory]
    [InlineData("10.0.0.10", "InvalidIPAddress.InUse")]   // taken by the first ENI
    [InlineData("10.0.0.2", "InvalidParameterValue")]     // AWS reserves .0-.3 and the broadcast
    [InlineData("10.0.9.9", "InvalidParameterValue")]     // outside the /24
    public void Explicit_primary_that_cannot_be_had_is_refused(string address, string code)
    {
        _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = _h.Subnet24, PrivateIpAddress = "10.0.0.10" });

        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = _h.Subnet24, PrivateIpAddress = address });

        Assert.Equal(code, r.Error!.Code);
        Assert.Equal(400, r.Error.HttpStatus);
    }

    [Fact]
    public void Address_options_are_mutually_exclusive()
    {
        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest
        {
            SubnetId = _h.Subnet20, SecondaryPrivateIpAddressCount = 2, Ipv4PrefixCount = 1,
        });

        Assert.Equal("InvalidParameterCombination", r.Error!.Code);
        Assert.Empty(_h.Region.Snapshot().NetworkInterfaces);
    }

    [Fact]
    public void Subnet_with_free_addresses_but_no_free_28_answers_InsufficientCidrBlocks()
    {
        // 14 prefixes fill every whole /28 of the /24; 10 addresses stay free in the first and last blocks.
        _h.Create(_h.Subnet24, prefixes: 9);
        _h.Create(_h.Subnet24, prefixes: 4);
        var before = _h.Region.Snapshot().Subnets.Single(s => s.SubnetId == _h.Subnet24);

        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = _h.Subnet24, Ipv4PrefixCount = 1 });

        Assert.True(before.AvailableIpAddressCount > 0);
        Assert.Equal(0, before.FreeAlignedPrefixes);
        Assert.Equal("InsufficientCidrBlocks", r.Error!.Code);
        Assert.Equal("The specified subnet does not have enough free cidr blocks to satisfy the request.", r.Error.Message);
        Assert.Equal(before.AvailableIpAddressCount, _h.Region.Snapshot().Subnets.Single(s => s.SubnetId == _h.Subnet24).AvailableIpAddressCount);
    }

    [Fact]
    public void Full_subnet_answers_InsufficientFreeAddressesInSubnet()
    {
        var small = new Harness(o => o.Vpcs =
        [
            new() { CidrBlock = "10.9.0.0/16", IsDefault = true, Subnets = [new() { CidrBlock = "10.9.0.0/28", AvailabilityZone = "us-east-1a" }] },
        ]);
        var subnet = small.Region.Snapshot().Subnets[0].SubnetId;
        small.Create(subnet, ips: 9); // 11 usable addresses: primary + 9 secondaries, one left

        var r = small.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = subnet, SecondaryPrivateIpAddressCount = 1 });

        Assert.Equal("InsufficientFreeAddressesInSubnet", r.Error!.Code);
        Assert.Equal("The specified subnet does not have enough free addresses to satisfy the request.", r.Error.Message);
        Assert.Equal(1, small.Region.Snapshot().Subnets[0].AvailableIpAddressCount);
    }

    [Fact]
    public void Same_client_token_and_parameters_return_the_same_interface()
    {
        var first = _h.Create(prefixes: 2, token: "token-1");
        var again = _h.Create(prefixes: 2, token: "token-1");

        Assert.Equal(first.NetworkInterfaceId, again.NetworkInterfaceId);
        Assert.Single(_h.Region.Snapshot().NetworkInterfaces);
    }

    [Fact]
    public void Same_client_token_with_other_parameters_answers_IdempotentParameterMismatch()
    {
        _h.Create(prefixes: 2, token: "token-1");

        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = _h.Subnet20, Ipv4PrefixCount = 3, ClientToken = "token-1" });

        Assert.Equal("IdempotentParameterMismatch", r.Error!.Code);
        Assert.Single(_h.Region.Snapshot().NetworkInterfaces);
    }

    [Fact]
    public void Tag_specifications_are_applied_with_the_creation()
    {
        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest
        {
            SubnetId = _h.Subnet20,
            TagSpecifications = [new("network-interface", [new("fleet.io/cluster", "c1"), new("fleet.io/node", "i-1")])],
        });

        Assert.Equal([new Ec2Tag("fleet.io/cluster", "c1"), new Ec2Tag("fleet.io/node", "i-1")], r.Value!.NetworkInterface.Tags);
    }

    [Fact]
    public void Unknown_subnet_and_group_answer_their_NotFound_codes()
    {
        Assert.Equal("InvalidSubnetID.NotFound", _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0" }).Error!.Code);
        Assert.Equal("InvalidGroup.NotFound", _h.Region.CreateNetworkInterface(
            new CreateNetworkInterfaceRequest { SubnetId = _h.Subnet20, SecurityGroupIds = ["sg-0"] }).Error!.Code);
        Assert.Equal("MissingParameter", _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = "" }).Error!.Code);
    }

    [Fact]
    public void DryRun_answers_DryRunOperation_with_412_and_creates_nothing()
    {
        var r = _h.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = _h.Subnet20, DryRun = true });

        Assert.Equal(new Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412), r.Error);
        Assert.Empty(_h.Region.Snapshot().NetworkInterfaces);
    }

    [Fact]
    public void Same_seed_gives_the_same_ids_and_addresses()
    {
        var a = new Harness().Create(prefixes: 2);
        var b = new Harness().Create(prefixes: 2);

        Assert.Equal(a.NetworkInterfaceId, b.NetworkInterfaceId);
        Assert.Equal(a.Ipv4Prefixes, b.Ipv4Prefixes);
        Assert.Matches("^eni-[0-9a-f]{17}$", a.NetworkInterfaceId);
    }
}
