using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

/// <summary>A lane's only cluster is kept between dispatches; it must always be the cluster the lane has now.</summary>
public sealed class LaneSharesTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_only_cluster_is_the_one_the_lane_has_now_after_every_reshare()
    {
        var shares = new LaneShares(new TokenBucket(10, 1, _time), _time, new UrgencyPolicy());

        shares.Reshare([("a", 1.0)]);
        Assert.Same(shares.Of("a"), shares.Only);

        shares.Reshare([("b", 1.0)]); // a is gone, b replaces it
        Assert.Same(shares.Of("b"), shares.Only);

        shares.Reshare([("a", 0.5), ("b", 0.5)]);
        Assert.Null(shares.Only);

        shares.Reshare([("a", 1.0)]); // b is gone: a, whose part was made at the last reshare, is the only one again
        Assert.Same(shares.Of("a"), shares.Only);
        Assert.Equal("a", shares.Only!.Cluster);
    }
}
