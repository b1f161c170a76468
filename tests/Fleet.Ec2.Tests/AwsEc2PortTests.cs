using Fleet.Core.Errors;
using System.Collections.Immutable;
using Fleet.Core.Targets;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Errors;
using Fleet.Ec2.Port;

namespace Fleet.Ec2.Tests;

/// <summary>Every port operation through the real AWSSDK.EC2 client against the emulator over HTTP.</summary>
public sealed class AwsEc2PortTests(EmulatorServerFixture fixture) : IClassFixture<EmulatorServerFixture>
{
    private IEc2Port Port => fixture.Port;

    private (string Instance, string Subnet) Launch(string type = "m5.large")
    {
        var subnet = fixture.Region.Snapshot().Subnets.First(s => s.DefaultForAz).SubnetId;
        var run = fixture.Region.RunInstances(new RunInstancesRequest { InstanceType = type, SubnetId = subnet });
        Assert.True(run.IsSuccess, $"RunInstances failed: {run.Error}");
        return (run.Value!.Reservation.Instances[0].InstanceId, subnet);
    }

    [Fact]
    public async Task Create_attach_assign_modify_unassign_delete_round_trip_through_the_sdk()
    {
        var (instance, subnet) = Launch();
        var tags = ImmutableDictionary<string, string>.Empty.Add("fleet.io/cluster", "t").Add("fleet.io/node", instance);

        var created = await Port.CreateNetworkInterfaceAsync(new CreateEniRequest(subnet, AddressKind.Prefix, 3, [], tags, "Fleet (test)", "tok-round-trip"), default);
        Assert.True(created.IsSuccess, created.ToString());
        var eni = created.Value;
        Assert.Equal(3, eni.Prefixes.Length);
        Assert.Equal(instance, eni.Tags["fleet.io/node"]);
        Assert.Null(eni.Attachment);

        var attachment = await Port.AttachNetworkInterfaceAsync(new AttachEniRequest(eni.NetworkInterfaceId, instance, 1, 0), default);
        Assert.StartsWith("eni-attach-", attachment.Value, StringComparison.Ordinal);

        var assigned = await Port.AssignPrivateIpAddressesAsync(new AssignRequest(eni.NetworkInterfaceId, AddressKind.Prefix, 2), default);
        Assert.Equal(2, assigned.Value.Prefixes.Length); // only the newly assigned come back
        Assert.Empty(assigned.Value.Ips);

        Assert.True((await Port.SetDeleteOnTerminationAsync(eni.NetworkInterfaceId, attachment.Value, default)).IsSuccess);
        Assert.True((await Port.UnassignPrivateIpAddressesAsync(new UnassignRequest(eni.NetworkInterfaceId, [assigned.Value.Prefixes[0]], []), default)).IsSuccess);

        var described = await Port.DescribeNetworkInterfacesAsync(
            new EniQuery(ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("attachment.instance-id", [instance])), default);
        var seen = Assert.Single(described.Value.Items, n => n.NetworkInterfaceId == eni.NetworkInterfaceId);
        Assert.Equal(4, seen.Prefixes.Length);
        Assert.Equal((1, true), (seen.Attachment!.DeviceIndex, seen.Attachment.DeleteOnTermination));

        var inUse = await Port.DeleteNetworkInterfaceAsync(eni.NetworkInterfaceId, default);
        Assert.Equal(Ec2ErrorKind.InUse, inUse.Error!.Kind);
    }

    [Fact]
    public async Task Create_retried_with_the_same_client_token_returns_the_same_eni()
    {
        var (instance, subnet) = Launch();
        var request = new CreateEniRequest(subnet, AddressKind.Prefix, 2, [], ImmutableDictionary<string, string>.Empty.Add("fleet.io/node", instance), "d", "tok-same");

        var first = await Port.CreateNetworkInterfaceAsync(request, default);
        var second = await Port.CreateNetworkInterfaceAsync(request, default);
        var mismatch = await Port.CreateNetworkInterfaceAsync(request with { Count = 3 }, default);

        Assert.Equal(first.Value.NetworkInterfaceId, second.Value.NetworkInterfaceId);
        Assert.Equal(Ec2ErrorKind.IdempotencyMismatch, mismatch.Error!.Kind);
    }

    [Fact]
    public async Task Describes_return_instances_subnets_and_instance_types()
    {
        var (instance, subnet) = Launch("c6in.32xlarge");

        var instances = await Port.DescribeInstancesAsync(new InstanceQuery([instance]), default);
        var found = Assert.Single(instances.Value.Items);
        Assert.Equal(("c6in.32xlarge", subnet, "running"), (found.InstanceType, found.SubnetId, found.State));

        var subnets = await Port.DescribeSubnetsAsync(new SubnetQuery(ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("subnet-id", [subnet])), default);
        Assert.True(Assert.Single(subnets.Value.Items).AvailableIpAddressCount > 0);

        var types = await Port.DescribeInstanceTypesAsync(["c6in.32xlarge"], default);
        var limits = Assert.Single(types.Value);
        Assert.Equal((16, 50, 2), (limits.MaxInterfaces, limits.Ipv4PerInterface, limits.NetworkCards.Length));
    }

    [Fact]
    public async Task Slot_limit_and_unknown_ids_come_back_as_classified_errors()
    {
        var (instance, _) = Launch();
        var eth0 = fixture.Region.Snapshot().NetworkInterfaces.Single(n => n.Attachment?.InstanceId == instance).NetworkInterfaceId;

        var tooMany = await Port.AssignPrivateIpAddressesAsync(new AssignRequest(eth0, AddressKind.Prefix, 10), default);
        var unknown = await Port.AssignPrivateIpAddressesAsync(new AssignRequest("eni-0123456789abcdef0", AddressKind.Ip, 1), default);

        Assert.Equal(Ec2ErrorKind.SlotLimit, tooMany.Error!.Kind);
        Assert.Equal(Ec2ErrorKind.NotFound, unknown.Error!.Kind);
    }

    [Fact]
    public async Task Failed_calls_are_not_retried_by_the_sdk_fleet_decides()
    {
        var (instance, _) = Launch();
        var eth0 = fixture.Region.Snapshot().NetworkInterfaces.Single(n => n.Attachment?.InstanceId == instance).NetworkInterfaceId;
        var before = fixture.Region.Trail().Count;
        fixture.Region.SetFaults(new Dictionary<string, Emulator.Options.ActionFaultOptions>
        {
            ["UnassignPrivateIpAddresses"] = new() { Unavailable = new Emulator.Options.FaultRule { Count = 1 } },
        });

        var result = await Port.UnassignPrivateIpAddressesAsync(new UnassignRequest(eth0, [], ["10.0.0.99"]), default);

        Assert.Equal(Ec2ErrorKind.Transient, result.Error!.Kind);
        Assert.Equal(1, fixture.Region.Trail().Skip(before).Count(t => t.Action == "UnassignPrivateIpAddresses"));
    }

    [Fact]
    public async Task A_lost_response_is_a_transient_error_and_the_sdk_never_sends_the_assign_again()
    {
        // The SDK resends a request whose connection was reset or whose response ended early ("stale pooled
        // connection"), up to ten times and outside MaxErrorRetry. For an Assign EC2 has already applied, a resend
        // assigns the addresses twice with a token the throttle never granted. Fleet reconciles from a describe instead.
        var (instance, _) = Launch();
        var eth0 = fixture.Region.Snapshot().NetworkInterfaces.Single(n => n.Attachment?.InstanceId == instance).NetworkInterfaceId;
        var before = fixture.Region.Trail().Count;
        fixture.Region.SetFaults(new Dictionary<string, Emulator.Options.ActionFaultOptions>
        {
            ["AssignPrivateIpAddresses"] = new() { ResponseLost = new Emulator.Options.FaultRule { Count = 1 } },
        });

        var result = await Port.AssignPrivateIpAddressesAsync(new AssignRequest(eth0, AddressKind.Ip, 1), default);

        Assert.Equal(Ec2ErrorKind.Transient, result.Error?.Kind);
        var sent = fixture.Region.Trail().Skip(before).Where(t => t.Action == "AssignPrivateIpAddresses").ToList();
        Assert.True(Assert.Single(sent).ResponseLost);
        Assert.Equal(2, fixture.Region.Snapshot().NetworkInterfaces.Single(n => n.NetworkInterfaceId == eth0).PrivateIpAddresses.Count);
    }

    [Fact]
    public async Task A_call_that_outlasts_the_client_timeout_is_a_transient_timeout_not_an_exception()
    {
        // The SDK reports its own timeout as a TimeoutException; escaping the port, it would end the node's turn with
        // its call never answered, and the node would wait on it for as long as it stays active.
        var (instance, _) = Launch();
        var eth0 = fixture.Region.Snapshot().NetworkInterfaces.Single(n => n.Attachment?.InstanceId == instance).NetworkInterfaceId;
        fixture.Region.SetFaults(new Dictionary<string, Emulator.Options.ActionFaultOptions>
        {
            ["AssignPrivateIpAddresses"] = new() { Timeout = new Emulator.Options.TimeoutRule { Count = 1, After = TimeSpan.FromSeconds(5) } },
        });

        var result = await fixture.PortWithTimeout(TimeSpan.FromMilliseconds(500))
            .AssignPrivateIpAddressesAsync(new AssignRequest(eth0, AddressKind.Ip, 1), default);

        Assert.Equal(Ec2ErrorKind.Transient, result.Error!.Kind);
        Assert.Equal("Timeout", result.Error.Code);
    }
}
