using System.Collections.Immutable;
using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

public sealed class ThrottleSchedulerTests
{
    private readonly FakeTimeProvider _time = new();

    private ThrottleScheduler Scheduler(double capacity = 2, double refill = 1, double reserve = 0) => new(
        new ThrottleOptions
        {
            BucketOverrides = ImmutableDictionary<Ec2Action, BucketSpec>.Empty
                .Add(Ec2Action.AssignPrivateIpAddresses, new BucketSpec(capacity, refill))
                .Add(Ec2Action.ModifyNetworkInterfaceAttribute, new BucketSpec(capacity, refill)),
            HousekeepingReserve = reserve,
            ArrivalJitter = TimeSpan.Zero,
        },
        _time);

    [Fact]
    public void Tokens_are_granted_as_the_bucket_allows_in_urgency_order()
    {
        var throttle = Scheduler(capacity: 2, refill: 1);
        throttle.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        throttle.Request("b", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        throttle.Request("c", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8, pendingPods: 2));

        Assert.Equal(["c", "a"], throttle.Dispatch().Select(g => g.Requester));
        Assert.Empty(throttle.Dispatch());
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.NextDispatchIn());

        _time.Advance(TimeSpan.FromSeconds(1));
        var late = Assert.Single(throttle.Dispatch());
        Assert.Equal(("b", TimeSpan.FromSeconds(1)), (late.Requester, late.Waited));
    }

    [Fact]
    public void A_requester_holds_one_grant_at_a_time()
    {
        var throttle = Scheduler(capacity: 10);
        throttle.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        var first = Assert.Single(throttle.Dispatch());

        throttle.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Empty(throttle.Dispatch());

        throttle.Complete(first.Id, CallOutcome.Sent);
        Assert.Equal("a", Assert.Single(throttle.Dispatch()).Requester);
    }

    [Fact]
    public void Housekeeping_waits_while_any_critical_call_waits_or_is_in_flight()
    {
        var throttle = Scheduler(capacity: 1, refill: 1);
        throttle.Request("x", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        throttle.Request("y", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        throttle.Request("h", Ec2Action.ModifyNetworkInterfaceAttribute, Urgency.Housekeeping);

        // The Modify bucket is full, but "y" still waits for an Assign token: housekeeping must not run yet.
        var x = Assert.Single(throttle.Dispatch());
        _time.Advance(TimeSpan.FromSeconds(1));
        throttle.Complete(x.Id, CallOutcome.Sent);
        var y = Assert.Single(throttle.Dispatch());
        Assert.Equal("y", y.Requester);

        // "y" is in flight and may need another critical call: still no housekeeping.
        Assert.Empty(throttle.Dispatch());
        throttle.Complete(y.Id, CallOutcome.Sent);

        // Nothing critical left, but late nodes may still be on their way: housekeeping waits for a quiet second.
        Assert.Empty(throttle.Dispatch());
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.NextDispatchIn());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("h", Assert.Single(throttle.Dispatch()).Requester);
    }

    [Fact]
    public void Housekeeping_leaves_the_reserve_in_the_bucket()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, reserve: 0.5);
        for (var i = 0; i < 10; i++)
        {
            throttle.Request($"h{i}", Ec2Action.ModifyNetworkInterfaceAttribute, Urgency.Housekeeping);
        }

        Assert.Equal(5, throttle.Dispatch().Count);
    }

    [Fact]
    public void A_throttle_drains_the_bucket_and_cuts_the_rate_which_then_recovers_slowly()
    {
        var throttle = Scheduler(capacity: 5, refill: 4);
        throttle.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        var grant = Assert.Single(throttle.Dispatch());

        throttle.Complete(grant.Id, CallOutcome.Throttled);

        var lane = throttle.Snapshot().Single(l => l.Action == Ec2Action.AssignPrivateIpAddresses);
        Assert.Equal((0.0, 1.6, 1L), (lane.Tokens, lane.RefillPerSecond, lane.Throttled));
        _time.Advance(TimeSpan.FromSeconds(100));
        lane = throttle.Snapshot().Single(l => l.Action == Ec2Action.AssignPrivateIpAddresses);
        Assert.Equal(0.5, lane.RateFactor, 9); // 0.4 + 0.001 × 100
    }

    [Fact]
    public void Throttles_of_one_episode_cut_the_rate_once()
    {
        var throttle = Scheduler(capacity: 10, refill: 4);
        var grants = new List<Grant>();
        foreach (var node in new[] { "a", "b", "c" })
        {
            throttle.Request(node, Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        }

        grants.AddRange(throttle.Dispatch());
        foreach (var grant in grants)
        {
            throttle.Complete(grant.Id, CallOutcome.Throttled); // all three were in flight together
        }

        var lane = throttle.Snapshot().Single(l => l.Action == Ec2Action.AssignPrivateIpAddresses);
        Assert.Equal((3L, 0.4), (lane.Throttled, lane.RateFactor));
    }

    [Fact]
    public void An_unused_grant_gives_its_token_back()
    {
        var throttle = Scheduler(capacity: 1, refill: 0.001);
        throttle.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        var grant = Assert.Single(throttle.Dispatch());
        throttle.Request("b", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Empty(throttle.Dispatch());

        throttle.Complete(grant.Id, CallOutcome.Unused);

        Assert.Equal("b", Assert.Single(throttle.Dispatch()).Requester);
    }

    [Fact]
    public void A_grant_never_completed_is_reclaimed_after_its_lease()
    {
        var throttle = Scheduler(capacity: 10);
        throttle.Request("crashed", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Single(throttle.Dispatch());
        throttle.Request("crashed", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Equal(ThrottleOptions.Default.GrantLease, throttle.NextDispatchIn()); // the default lease: 30 s

        _time.Advance(ThrottleOptions.Default.GrantLease);

        Assert.Equal("crashed", Assert.Single(throttle.Dispatch()).Requester);
    }

    [Fact]
    public void A_restarted_requester_reclaims_the_grant_lost_with_its_previous_life()
    {
        var throttle = Scheduler(capacity: 10);
        throttle.Request("node", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        Assert.Single(throttle.Dispatch()); // granted, then the node's silo dies

        throttle.Request("node", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8), holdsNothing: true);

        Assert.Equal("node", Assert.Single(throttle.Dispatch()).Requester);
        Assert.Equal(1, throttle.Outstanding);
    }

    [Fact]
    public void Describes_take_tokens_directly_unless_critical_calls_queue_on_the_same_bucket()
    {
        var throttle = Scheduler();
        Assert.True(throttle.TryAcquire(Ec2Action.DescribeNetworkInterfaces));
        Assert.Equal(TimeSpan.Zero, throttle.TimeUntilAvailable(Ec2Action.DescribeNetworkInterfaces));
    }

    [Fact]
    public void Arrival_jitter_keeps_refill_times_jitter_tokens_in_reserve()
    {
        var options = new ThrottleOptions { ArrivalJitter = TimeSpan.FromSeconds(2), TimeScale = 10 };

        // AssignPrivateIpAddresses: 100 burst, 5/s → 10 tokens held back; refill compressed 10×.
        Assert.Equal(new BucketSpec(90, 50), options.BucketFor(Ec2Action.AssignPrivateIpAddresses));
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => new ThrottleScheduler(new ThrottleOptions { Share = 1.5 }, _time));
        Assert.Contains("Share", error.Message, StringComparison.Ordinal);
    }
}
