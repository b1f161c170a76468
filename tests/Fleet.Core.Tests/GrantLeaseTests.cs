using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

/// <summary>A grant its holder lost is reclaimed after the lease, which is EC2 time like every other duration.</summary>
public sealed class GrantLeaseTests
{
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(1, 30)]
    [InlineData(10, 3)]
    public void A_lost_grant_is_reclaimed_after_the_lease_divided_by_the_time_scale(double timeScale, double wallSeconds)
    {
        var throttle = new ThrottleScheduler(new ThrottleOptions { GrantLease = TimeSpan.FromSeconds(30), TimeScale = timeScale, ArrivalJitter = TimeSpan.Zero }, _time);
        throttle.Request("node", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Single(throttle.Dispatch());

        // The holder lost the grant (it threw before completing); it asks again and must wait for the lease.
        throttle.Request("node", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Equal(TimeSpan.FromSeconds(wallSeconds), throttle.NextDispatchIn());
        _time.Advance(TimeSpan.FromSeconds(wallSeconds) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(throttle.Dispatch());

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(throttle.Dispatch());
        Assert.Equal(1, throttle.Outstanding);
    }
}
