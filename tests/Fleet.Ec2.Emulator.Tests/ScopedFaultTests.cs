using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Tests;

/// <summary>
/// Faults scoped to a zone or a subnet (an impaired availability zone): every call that touches it fails, calls
/// elsewhere are untouched, and a rule with <c>For</c> heals on its own. Also timeouts and not-yet-visible describes.
/// </summary>
public sealed class ScopedFaultTests
{
    private static Dictionary<string, ActionFaultOptions> Impair(string key, TimeSpan? lasts = null) =>
        new() { [key] = new ActionFaultOptions { Unavailable = new() { Probability = 1 }, For = lasts } };

    [Fact]
    public void An_impaired_zone_fails_every_call_touching_it_and_none_elsewhere()
    {
        var h = new Harness();
        var zoneB = h.Region.Snapshot().Subnets.First(s => s.AvailabilityZone == "us-east-1b").SubnetId;
        var a = h.Launch();
        var b = h.Launch(subnet: zoneB);
        var eniA = h.Create();
        var eniB = h.Create(subnet: zoneB);
        h.Region.SetFaults(Impair("zone:us-east-1a"));

        // Named resources in us-east-1a: refused, nothing applied.
        Assert.Equal("Unavailable", h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eniA.NetworkInterfaceId, Ipv4PrefixCount = 1 }).Error?.Code);
        Assert.Equal("Unavailable", h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 }).Error?.Code);
        Assert.Equal("Unavailable", h.Region.AttachNetworkInterface(new(eniA.NetworkInterfaceId, a.InstanceId, 1)).Error?.Code);
        // A describe is judged by its answer: one holding a us-east-1a resource fails, one without it does not.
        Assert.Equal("Unavailable", h.Region.DescribeInstances(new() { InstanceIds = [a.InstanceId, b.InstanceId] }).Error?.Code);
        Assert.True(h.Region.DescribeInstances(new() { InstanceIds = [b.InstanceId] }).IsSuccess);

        // us-east-1b works.
        Assert.True(h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eniB.NetworkInterfaceId, Ipv4PrefixCount = 1 }).IsSuccess);
        Assert.True(h.Region.AttachNetworkInterface(new(eniB.NetworkInterfaceId, b.InstanceId, 1)).IsSuccess);
        h.Region.SetFaults(new Dictionary<string, ActionFaultOptions>());
        Assert.Empty(h.Describe(eniA.NetworkInterfaceId).Ipv4Prefixes);
        Assert.Single(h.Describe(eniB.NetworkInterfaceId).Ipv4Prefixes);
    }

    [Fact]
    public void A_subnet_fault_spares_the_other_subnets_of_its_zone()
    {
        var h = new Harness();
        h.Region.SetFaults(Impair($"subnet:{h.Subnet24}"));

        Assert.Equal("Unavailable", h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet24 }).Error?.Code);
        Assert.True(h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 }).IsSuccess);
        // Describes are regional: the zone's subnets are still listed, the impaired one among them.
        var listed = h.Region.DescribeSubnets(new() { Filters = [new("availability-zone", ["us-east-1a"])] });
        Assert.Contains(h.Subnet24, Assert.IsType<DescribeSubnetsResult>(listed.Value).Subnets.Select(s => s.SubnetId));
    }

    [Fact]
    public void A_zone_fault_with_a_duration_heals_after_that_much_EC2_time()
    {
        var h = new Harness(o => o.TimeCompression = 10);
        h.Region.SetFaults(Impair("zone:us-east-1a", TimeSpan.FromMinutes(3)));

        h.Time.Advance(TimeSpan.FromSeconds(17.9)); // 179 s of EC2 time
        Assert.Equal("Unavailable", h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 }).Error?.Code);
        h.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 }).IsSuccess);
    }

    [Fact]
    public void A_timeout_holds_its_503_for_the_configured_time_divided_by_compression()
    {
        var h = new Harness(o => o.TimeCompression = 10);
        h.Region.SetFaults(new Dictionary<string, ActionFaultOptions>
        {
            ["zone:us-east-1a"] = new() { Timeout = new() { Count = 1, After = TimeSpan.FromSeconds(30) } },
        });

        var hung = h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 });
        Assert.Equal(("Unavailable", TimeSpan.FromSeconds(3)), (hung.Error?.Code, hung.Latency));
        Assert.Empty(h.Region.Snapshot().NetworkInterfaces);
    }

    [Fact]
    public void A_not_visible_describe_answers_an_empty_page_and_the_next_one_sees_the_instance()
    {
        var h = new Harness(o => o.Faults["DescribeInstances"] = new ActionFaultOptions { NotVisible = new() { Count = 1 } });
        var instance = h.Launch();
        var query = new DescribeInstancesRequest { Filters = [new("instance-id", [instance.InstanceId])] };

        Assert.Empty(h.Region.DescribeInstances(query).Value!.Reservations);
        Assert.Single(h.Region.DescribeInstances(query).Value!.Reservations);
    }

    [Fact]
    public void The_faults_endpoint_body_names_a_zone_a_timeout_and_a_duration()
    {
        var faults = EmulatorConfigFile.ParseFaults("""
            { "zone:us-east-1a": { "Unavailable": { "Probability": 0.5 }, "Timeout": { "Probability": 0.5, "After": "20s" }, "For": "3m" } }
            """);

        var zone = faults["zone:us-east-1a"];
        Assert.Equal((0.5, 0.5, TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(3)), (zone.Unavailable!.Probability, zone.Timeout!.Probability, zone.Timeout.After, zone.For));
    }

    [Theory]
    [InlineData("zone:")]
    [InlineData("az:us-east-1a")]
    public void A_scope_that_names_nothing_is_refused(string key)
    {
        var h = new Harness();
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => h.Region.SetFaults(Impair(key)));
    }
}
