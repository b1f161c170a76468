using Fleet.Core.Throttling;

namespace Fleet.Core.Tests;

/// <summary>The throttle's defaults, which the silo (<c>Fleet:Throttle</c>) and the simulator share.</summary>
public sealed class ThrottleOptionsTests
{
    [Fact]
    public void Every_default_is_pinned()
    {
        var options = new ThrottleOptions();

        Assert.Empty(options.BucketOverrides); // EC2's default buckets
        Assert.Equal(1.0, options.Share); // Fleet may spend the whole account's budget…
        Assert.Empty(options.BucketShares); // …of every bucket: no reserve for other tools unless configured
        Assert.Empty(options.ClusterWeights); // every cluster that asks weighs 1: equal shares
        Assert.Equal(1.0, ThrottleOptions.DefaultClusterWeight);
        Assert.Equal(1.0, options.TimeScale);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ArrivalJitter);
        Assert.Equal(0.2, options.HousekeepingReserve);
        Assert.Equal(TimeSpan.FromSeconds(1), options.HousekeepingQuietPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), options.GrantLease);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(Ec2Action.AssignPrivateIpAddresses, 1.0, 95, 5)] // 100 / 5 less refill × 1 s of arrival jitter
    [InlineData(Ec2Action.AssignPrivateIpAddresses, 0.5, 47.5, 2.5)] // half the bucket: the other half is the reserve
    [InlineData(Ec2Action.AttachNetworkInterface, 0.5, 22.5, 2.5)] // 50 / 5 halved, less 2.5
    public void A_buckets_share_leaves_the_rest_to_the_accounts_other_tools(Ec2Action action, double share, double capacity, double refill)
    {
        var options = new ThrottleOptions { BucketShares = System.Collections.Immutable.ImmutableDictionary<Ec2Action, double>.Empty.Add(action, share) };

        Assert.Equal(new BucketSpec(capacity, refill), options.BucketFor(action));
    }
}
