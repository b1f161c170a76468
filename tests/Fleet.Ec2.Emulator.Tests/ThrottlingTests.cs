using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Tests;

public sealed class ThrottlingTests
{
    [Fact]
    public void Burst_of_150_creates_gets_100_through_then_5_per_second()
    {
        var h = new Harness();
        var burst = Enumerable.Range(0, 150).Select(_ => h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 })).ToList();

        Assert.Equal(100, burst.Count(r => r.IsSuccess));
        Assert.Equal(50, burst.Count(r => r.Error is { Code: "RequestLimitExceeded", HttpStatus: 503, Message: "Request limit exceeded." }));
        Assert.Equal(100, h.Region.Snapshot().NetworkInterfaces.Count);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var next = Enumerable.Range(0, 20).Select(_ => h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 })).ToList();

        Assert.Equal(5, next.Count(r => r.IsSuccess));
        Assert.Equal(105, h.Region.Statistics().Count("CreateNetworkInterface"));
        Assert.Equal(65, h.Region.Statistics().Count("CreateNetworkInterface", "RequestLimitExceeded"));
    }

    [Fact]
    public void Throttled_call_has_no_side_effect()
    {
        var h = new Harness(o => o.Throttling.Buckets["AssignPrivateIpAddresses"] = new BucketOverride { Capacity = 1, RefillPerSecond = 0 });
        var eni = h.Create();
        h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount = 1 });

        var throttled = h.Region.AssignPrivateIpAddresses(new() { NetworkInterfaceId = eni.NetworkInterfaceId, SecondaryPrivateIpAddressCount = 1 });

        Assert.Equal("RequestLimitExceeded", throttled.Error!.Code);
        Assert.Single(h.Describe(eni.NetworkInterfaceId).SecondaryIpAddresses);
    }

    [Fact]
    public void Unfiltered_describes_draw_from_the_smaller_separate_bucket()
    {
        var h = new Harness();
        var unfiltered = Enumerable.Range(0, 60).Count(_ => h.Region.DescribeNetworkInterfaces(new()).IsSuccess);
        var filtered = Enumerable.Range(0, 120).Count(_ => h.Region.DescribeNetworkInterfaces(new() { Filters = [Ec2Filter.Of("status", "available")] }).IsSuccess);
        var paginated = h.Region.DescribeNetworkInterfaces(new() { MaxResults = 5 });

        Assert.Equal(50, unfiltered);
        Assert.Equal(100, filtered);
        Assert.Equal("RequestLimitExceeded", paginated.Error!.Code); // the filtered/paginated bucket is spent too
        Assert.Equal("DescribeNetworkInterfacesUnfiltered", h.Region.Trail(0, 1)[0].Bucket);
    }

    [Fact]
    public void Time_compression_multiplies_refill_and_leaves_capacity()
    {
        var h = new Harness(o => o.TimeCompression = 10);
        Enumerable.Range(0, 100).ToList().ForEach(_ => h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 }));

        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(50, Enumerable.Range(0, 80).Count(_ => h.Region.CreateNetworkInterface(new() { SubnetId = h.Subnet20 }).IsSuccess));
    }

    [Fact]
    public void When_rejected_calls_cost_a_token_retrying_keeps_the_bucket_empty()
    {
        var h = new Harness(o =>
        {
            o.Throttling.RejectedCallsCostToken = true;
            o.Throttling.Buckets["CreateTags"] = new BucketOverride { Capacity = 10, RefillPerSecond = 1 };
        });
        var tag = new CreateTagsRequest([h.Subnet20], [new("k", "v")]);
        Enumerable.Range(0, 10).ToList().ForEach(_ => h.Region.CreateTags(tag));
        Enumerable.Range(0, 3).ToList().ForEach(_ => h.Region.CreateTags(tag)); // three rejected: 3 tokens of debt

        h.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(h.Region.CreateTags(tag).IsSuccess); // debt paid, nothing left: rejected again (debt 1)
        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(h.Region.CreateTags(tag).IsSuccess);
    }

    [Fact]
    public void Disabled_throttling_admits_everything()
    {
        var h = new Harness(o => o.Throttling.Enabled = false);

        Assert.Equal(300, Enumerable.Range(0, 300).Count(_ => h.Region.DescribeSubnets(new()).IsSuccess));
    }
}
