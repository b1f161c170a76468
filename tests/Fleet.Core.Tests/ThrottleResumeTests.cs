using System.Collections.Immutable;
using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

/// <summary>A scheduler that takes over from a lost one (the throttle grain moved) never assumes EC2's buckets are full.</summary>
public sealed class ThrottleResumeTests
{
    private static readonly ThrottleOptions Options = new()
    {
        BucketOverrides = ImmutableDictionary<Ec2Action, BucketSpec>.Empty.Add(Ec2Action.AssignPrivateIpAddresses, new BucketSpec(10, 2)),
        ArrivalJitter = TimeSpan.Zero,
    };

    private readonly FakeTimeProvider _time = new();

    private static double Tokens(ThrottleScheduler scheduler) =>
        scheduler.Snapshot().Single(l => l.Action == Ec2Action.AssignPrivateIpAddresses).Tokens;

    [Fact]
    public void A_first_scheduler_starts_with_full_buckets()
    {
        Assert.Equal(10, Tokens(new ThrottleScheduler(Options, _time)));
    }

    [Theory]
    [InlineData(0, 0)] // the earlier one may have spent its last token just now
    [InlineData(2, 4)] // EC2 refilled 2/s since
    [InlineData(60, 10)] // long enough for EC2's bucket to be full again
    public void A_resumed_scheduler_starts_with_what_EC2_has_refilled_since_the_last_spend(int sinceSeconds, double tokens)
    {
        var scheduler = new ThrottleScheduler(Options, _time, new ThrottleResume(TimeSpan.FromSeconds(sinceSeconds), 1));

        Assert.Equal(tokens, Tokens(scheduler));
    }

    [Fact]
    public void Refills_start_only_when_the_earlier_schedulers_promise_ends()
    {
        var scheduler = new ThrottleScheduler(Options, _time, new ThrottleResume(TimeSpan.FromSeconds(-5), 1)); // it may grant for 5 s more
        scheduler.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));

        Assert.Empty(scheduler.Dispatch());
        Assert.Equal(TimeSpan.FromSeconds(5.5), scheduler.NextDispatchIn()); // 5 s of debt, then half a second for one token at 2/s
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, Tokens(scheduler));
        Assert.Empty(scheduler.Dispatch());
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Single(scheduler.Dispatch());
    }

    [Fact]
    public void A_resumed_scheduler_numbers_its_grants_past_the_earlier_ones_and_ignores_their_completions()
    {
        var scheduler = new ThrottleScheduler(Options, _time, new ThrottleResume(TimeSpan.FromMinutes(1), 1L << 32));
        scheduler.Request("a", Ec2Action.AssignPrivateIpAddresses, Urgency.Critical(8));
        var grant = Assert.Single(scheduler.Dispatch());
        Assert.Equal(1L << 32, grant.Id);

        scheduler.Complete(7, CallOutcome.Sent); // an old grant's late completion

        Assert.Equal(1, scheduler.Outstanding);
    }
}
