using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Tests;

public sealed class FaultAndLatencyTests
{
    [Fact]
    public void Counted_InternalError_and_Unavailable_fire_on_the_next_calls_and_change_nothing()
    {
        var h = new Harness();
        h.Region.SetFaults(new Dictionary<string, ActionFaultOptions>
        {
            ["CreateNetworkInterface"] = new() { InternalError = new() { Count = 1 }, Unavailable = new() { Count = 1 } },
        });

        var first = h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 });
        var second = h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 });
        var third = h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 });

        Assert.Equal(("InternalError", 500), (first.Error!.Code, first.Error.HttpStatus));
        Assert.Equal(("Unavailable", 503), (second.Error!.Code, second.Error.HttpStatus));
        Assert.True(third.IsSuccess);
        Assert.Single(h.Region.Snapshot().NetworkInterfaces);
    }

    [Fact]
    public void Lost_response_is_applied_and_a_retry_with_the_same_token_returns_the_same_interface()
    {
        var h = new Harness(o => o.Faults["CreateNetworkInterface"] = new ActionFaultOptions { ResponseLost = new() { Count = 1 } });
        var request = new CreateNetworkInterfaceRequest { SubnetId = h.Subnet20, Ipv4PrefixCount = 2, ClientToken = "fleet-node-1-eni-1" };

        var lost = h.Region.CreateNetworkInterface(request);
        var retry = h.Region.CreateNetworkInterface(request);

        Assert.True(lost.ResponseLost);
        Assert.False(retry.ResponseLost);
        Assert.Equal(lost.Value!.NetworkInterface.NetworkInterfaceId, retry.Value!.NetworkInterface.NetworkInterfaceId);
        Assert.Single(h.Region.Snapshot().NetworkInterfaces);
        Assert.True(h.Region.Trail()[0].ResponseLost);
    }

    [Fact]
    public void Wildcard_latency_spike_adds_its_extra_divided_by_compression()
    {
        var h = new Harness(o =>
        {
            o.TimeCompression = 10;
            o.Faults["*"] = new ActionFaultOptions { LatencySpike = new() { Count = 1, Extra = TimeSpan.FromSeconds(5) } };
        });

        Assert.Equal(TimeSpan.FromMilliseconds(500), h.Region.DescribeSubnets(new()).Latency);
        Assert.Equal(TimeSpan.Zero, h.Region.DescribeSubnets(new()).Latency);
    }

    [Fact]
    public void Probabilistic_faults_are_reproducible_for_a_seed()
    {
        static string Outcomes()
        {
            var h = new Harness(o => o.Faults["DescribeSubnets"] = new ActionFaultOptions { InternalError = new() { Probability = 0.3 } });
            return string.Concat(Enumerable.Range(0, 40).Select(_ => h.Region.DescribeSubnets(new()).IsSuccess ? '.' : 'x'));
        }

        var a = Outcomes();
        Assert.Equal(a, Outcomes());
        Assert.Contains('x', a);
        Assert.Contains('.', a);
    }

    [Fact]
    public void Latency_follows_the_configured_distribution_and_compression()
    {
        var h = new Harness(o =>
        {
            o.Latency.Enabled = true;
            o.Throttling.Enabled = false;
            o.TimeCompression = 4;
            o.Latency.Actions["DescribeSubnets"] = new LatencySpec(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));
            o.Latency.Actions["CreateTags"] = LatencySpec.Fixed(TimeSpan.FromMilliseconds(100));
        });
        var samples = Enumerable.Range(0, 2000).Select(_ => h.Region.DescribeSubnets(new()).Latency.TotalMilliseconds).Order().ToList();

        Assert.InRange(samples[1000], 45, 55);  // median 200 ms / 4
        Assert.InRange(samples[1980], 85, 115); // p99 400 ms / 4
        Assert.Equal(TimeSpan.FromMilliseconds(25), h.Region.CreateTags(new([h.Subnet20], [new("a", "b")])).Latency);
    }

    [Fact]
    public void Attach_completion_is_divided_by_the_compression()
    {
        var h = new Harness(o => o.TimeCompression = 2);
        var instance = h.Launch();
        var eni = h.Create();
        h.Attach(eni.NetworkInterfaceId, instance.InstanceId);

        h.Time.Advance(TimeSpan.FromSeconds(1)); // 2 s / 2

        Assert.Equal("attached", h.Describe(eni.NetworkInterfaceId).Attachment!.Status);
    }

    [Fact]
    public void Trail_records_key_parameters_outcome_and_client()
    {
        var h = new Harness();
        var client = new CallContext("node-7");
        var eni = h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20, Ipv4PrefixCount = 3 }, client).Value!.NetworkInterface;
        h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, Ipv4PrefixCount = 99 }, client);

        var trail = h.Region.Trail();

        Assert.Equal(2, trail.Count);
        Assert.Equal(("CreateNetworkInterface", eni.NetworkInterfaceId, h.Subnet20, 3, "prefixes", "OK", 200),
            (trail[0].Action, trail[0].NetworkInterfaceId, trail[0].SubnetId, trail[0].Count, trail[0].Detail, trail[0].Outcome, trail[0].HttpStatus));
        Assert.Equal(("PrivateIpAddressLimitExceeded", 400, "node-7"), (trail[1].Outcome, trail[1].HttpStatus, trail[1].Client));
        Assert.Equal(h.Time.GetUtcNow(), trail[1].Time);
        Assert.Equal(2, h.Region.Statistics().ByClient["node-7"]);
    }

    [Fact]
    public void Trail_is_a_bounded_ring_that_keeps_counting()
    {
        var h = new Harness(o => o.TrailCapacity = 10);
        Enumerable.Range(0, 25).ToList().ForEach(_ => h.Region.DescribeVpcs(new()));

        var trail = h.Region.Trail();

        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), trail.Select(t => t.Sequence));
        Assert.Equal([24L, 25L], h.Region.Trail(23).Select(t => t.Sequence));
        Assert.Equal(25, h.Region.Statistics().Total);
    }

    [Fact]
    public void Reset_returns_to_the_initial_state()
    {
        var h = new Harness();
        var first = h.Create();
        h.Region.Reset();

        Assert.Empty(h.Region.Snapshot().NetworkInterfaces);
        Assert.Empty(h.Region.Trail());
        Assert.Equal(first.NetworkInterfaceId, h.Create().NetworkInterfaceId);
    }
}
