using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

public sealed class TokenBucketTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Burst_of_150_on_a_100_5_bucket_admits_100_then_5_per_second()
    {
        var bucket = new TokenBucket(100, 5, _time);

        var admitted = Enumerable.Range(0, 150).Count(_ => bucket.TryTake());
        Assert.Equal(100, admitted);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, Enumerable.Range(0, 50).Count(_ => bucket.TryTake()));
    }

    [Fact]
    public void Refill_is_fractional_and_capped_at_capacity()
    {
        var bucket = new TokenBucket(10, 0.5, _time, initialTokens: 0);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(bucket.TryTake());
        Assert.Equal(0.5, bucket.Available, 6);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(bucket.TryTake());

        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(10, bucket.Available, 6);
    }

    [Fact]
    public void TimeUntilAvailable_is_exactly_long_enough()
    {
        var bucket = new TokenBucket(50, 5, _time, initialTokens: 0.5);

        var wait = bucket.TimeUntilAvailable();
        Assert.Equal(TimeSpan.FromMilliseconds(100), wait);

        _time.Advance(wait - TimeSpan.FromTicks(1));
        Assert.False(bucket.TryTake());
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(bucket.TryTake());
    }

    [Fact]
    public void Asking_for_more_than_capacity_never_becomes_available()
    {
        var bucket = new TokenBucket(5, 1, _time);
        Assert.Equal(Timeout.InfiniteTimeSpan, bucket.TimeUntilAvailable(6));
    }

    [Fact]
    public void Drain_empties_and_reconfigure_keeps_tokens_within_the_new_capacity()
    {
        var bucket = new TokenBucket(100, 5, _time);
        bucket.Reconfigure(40, 2);
        Assert.Equal(40, bucket.Available, 6);

        bucket.Drain();
        Assert.False(bucket.TryTake());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, bucket.Available, 6);
    }

    [Theory]
    // action → EC2's default bucket (AWS, "Request throttling for the Amazon EC2 API", https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html)
    [InlineData(Ec2Action.CreateNetworkInterface, 100, 5)]
    [InlineData(Ec2Action.AttachNetworkInterface, 50, 5)]
    [InlineData(Ec2Action.AssignPrivateIpAddresses, 100, 5)]
    [InlineData(Ec2Action.ModifyNetworkInterfaceAttribute, 100, 5)]
    [InlineData(Ec2Action.CreateTags, 100, 10)]
    [InlineData(Ec2Action.DescribeNetworkInterfaces, 100, 20)]
    [InlineData(Ec2Action.DescribeNetworkInterfacesUnfiltered, 50, 10)]
    public void Default_buckets_are_EC2s(Ec2Action action, double capacity, double refill) =>
        Assert.Equal(new BucketSpec(capacity, refill), Ec2BucketDefaults.For(action));
}
