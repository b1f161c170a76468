namespace Fleet.Ec2.Emulator.Tests;

public sealed class AssignPrivateIpAddressesTests
{
    private readonly Harness _h = new();

    [Fact]
    public void Assign_answers_only_the_newly_assigned_prefixes()
    {
        var eni = _h.Create(prefixes: 3);

        var r = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 2 });

        Assert.Equal(2, r.Value!.AssignedIpv4Prefixes.Count);
        Assert.Empty(r.Value.AssignedPrivateIpAddresses);
        Assert.Empty(r.Value.AssignedIpv4Prefixes.Intersect(eni.Ipv4Prefixes));
        Assert.Equal(5, _h.Describe(eni.NetworkInterfaceId).Ipv4Prefixes.Count);
    }

    [Fact]
    public void Primary_plus_addresses_plus_prefixes_beyond_the_type_slots_answers_PrivateIpAddressLimitExceeded()
    {
        // m5.large: 10 slots per ENI. 1 primary + 3 prefixes + 7 more = 11.
        var instance = _h.Launch();
        var eni = _h.Create(prefixes: 3);
        _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        var tooMany = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 7 });
        var mixed = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount = 6 });
        var over = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount = 1 });

        Assert.Equal(new Ec2Error("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.", 400), tooMany.Error);
        Assert.Equal(6, mixed.Value!.AssignedPrivateIpAddresses.Count);
        Assert.Equal("PrivateIpAddressLimitExceeded", over.Error!.Code);
    }

    [Fact]
    public void Explicit_addresses_are_assigned_and_unassigned()
    {
        var eni = _h.Create(_h.Subnet24);

        var assign = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, PrivateIpAddresses = ["10.0.0.100", "10.0.0.101"] });
        var unassign = _h.Region.UnassignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, PrivateIpAddresses = ["10.0.0.100"] });
        var notThere = _h.Region.UnassignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, PrivateIpAddresses = ["10.0.0.100"] });

        Assert.Equal(["10.0.0.100", "10.0.0.101"], assign.Value!.AssignedPrivateIpAddresses);
        Assert.True(unassign.IsSuccess);
        Assert.Equal("InvalidParameterValue", notThere.Error!.Code);
        Assert.Equal(["10.0.0.101"], _h.Describe(eni.NetworkInterfaceId).SecondaryIpAddresses);
    }

    [Fact]
    public void Address_held_by_another_interface_moves_only_with_AllowReassignment()
    {
        var a = _h.Create(_h.Subnet24);
        var b = _h.Create(_h.Subnet24);
        _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = a.NetworkInterfaceId, PrivateIpAddresses = ["10.0.0.100"] });

        var refused = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = b.NetworkInterfaceId, PrivateIpAddresses = ["10.0.0.100"] });
        var moved = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = b.NetworkInterfaceId, PrivateIpAddresses = ["10.0.0.100"], AllowReassignment = true });

        Assert.Equal("InvalidIPAddress.InUse", refused.Error!.Code);
        Assert.True(moved.IsSuccess);
        Assert.Empty(_h.Describe(a.NetworkInterfaceId).SecondaryIpAddresses);
        Assert.Equal(["10.0.0.100"], _h.Describe(b.NetworkInterfaceId).SecondaryIpAddresses);
    }

    [Fact]
    public void Unassigned_prefix_returns_to_the_subnet()
    {
        var eni = _h.Create(_h.Subnet24, prefixes: 2);
        var before = _h.Region.Snapshot().Subnets.Single(s => s.SubnetId == _h.Subnet24);

        _h.Region.UnassignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4Prefixes = [eni.Ipv4Prefixes[0]] });

        var after = _h.Region.Snapshot().Subnets.Single(s => s.SubnetId == _h.Subnet24);
        Assert.Equal(before.AvailableIpAddressCount + 16, after.AvailableIpAddressCount);
        Assert.Equal(before.FreeAlignedPrefixes + 1, after.FreeAlignedPrefixes);
    }

    [Fact]
    public void Prefixes_on_a_Xen_instance_are_refused()
    {
        var instance = _h.Launch("m4.large");
        var eni = _h.Create();
        _h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        var r = _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 1 });

        Assert.Equal("UnsupportedOperation", r.Error!.Code);
    }

    [Fact]
    public void Assign_needs_exactly_one_address_option()
    {
        var eni = _h.Create();

        Assert.Equal("MissingParameter", _h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId }).Error!.Code);
        Assert.Equal("InvalidParameterCombination", _h.Region.AssignPrivateIpAddresses(
            new() { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 1, SecondaryPrivateIpAddressCount = 1 }).Error!.Code);
        Assert.Equal("InvalidNetworkInterfaceID.NotFound", _h.Region.AssignPrivateIpAddresses(
            new() { NetworkInterfaceId = "eni-00000000000000000", Ipv4PrefixCount = 1 }).Error!.Code);
        Assert.Equal("InvalidNetworkInterfaceID.Malformed", _h.Region.AssignPrivateIpAddresses(
            new() { NetworkInterfaceId = "nope", Ipv4PrefixCount = 1 }).Error!.Code);
    }
}
