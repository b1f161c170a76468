using Fleet.Core.Throttling;

namespace Fleet.Core.Tests;

public sealed class UrgencyQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pods_pending_are_served_before_a_plain_deficit_that_asked_earlier()
    {
        var queue = new UrgencyQueue<string>();
        queue.Enqueue("warm", Urgency.Critical(deficit: 8), T0);
        queue.Enqueue("pending", Urgency.Critical(deficit: 8, pendingPods: 3), T0.AddSeconds(5));

        Assert.True(queue.TryDequeue(out var first, out _, out _));
        Assert.Equal("pending", first);
    }

    [Fact]
    public void Aging_lets_a_long_waiting_request_overtake_any_newcomer()
    {
        var policy = UrgencyPolicy.Default;
        var queue = new UrgencyQueue<string>(policy);
        queue.Enqueue("old", Urgency.Critical(deficit: 1), T0);
        var maxHeadStart = policy.PendingPodsHeadStart + policy.MaxDeficitHeadStart;
        queue.Enqueue("urgent", Urgency.Critical(deficit: 100_000, pendingPods: 500), T0 + maxHeadStart + TimeSpan.FromSeconds(1));

        Assert.True(queue.TryDequeue(out var first, out _, out _));
        Assert.Equal("old", first);
    }

    [Fact]
    public void Asking_again_updates_urgency_but_keeps_the_place()
    {
        var queue = new UrgencyQueue<string>();
        queue.Enqueue("a", Urgency.Critical(4), T0);
        queue.Enqueue("b", Urgency.Critical(4), T0.AddSeconds(1));
        queue.Enqueue("a", Urgency.Critical(4), T0.AddSeconds(60));

        Assert.Equal(2, queue.Count);
        Assert.True(queue.TryDequeue(out var first, out _, out var arrived));
        Assert.Equal(("a", T0), (first, arrived));
    }

    [Fact]
    public void Equal_requests_are_served_in_arrival_order()
    {
        var queue = new UrgencyQueue<int>();
        for (var i = 0; i < 100; i++)
        {
            queue.Enqueue(i, Urgency.Critical(16), T0);
        }

        Assert.Equal(Enumerable.Range(0, 100), queue.InOrder().Select(e => e.Key));
    }

    [Theory]
    // deficit → head start from the deficit alone (1 s per doubling, at most 10 s)
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(15, 4)]
    [InlineData(1023, 10)]
    [InlineData(1_000_000, 10)]
    public void Head_start_grows_with_the_log_of_the_deficit(int deficit, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), UrgencyPolicy.Default.HeadStart(Urgency.Critical(deficit)));

    [Fact]
    public void A_compressed_policy_gives_head_starts_in_compressed_time()
    {
        var tenfold = UrgencyPolicy.Default.Compressed(10);

        Assert.Equal(TimeSpan.FromSeconds(3), tenfold.HeadStart(Urgency.Critical(0, pendingPods: 1)));
        Assert.Equal(TimeSpan.FromSeconds(1), tenfold.HeadStart(Urgency.Critical(1_000_000)));
        Assert.Equal(TimeSpan.Zero, tenfold.HeadStart(Urgency.Housekeeping));
    }

    [Fact]
    public void Removed_requests_are_not_served()
    {
        var queue = new UrgencyQueue<string>();
        queue.Enqueue("a", Urgency.Critical(1), T0);
        Assert.True(queue.Remove("a"));
        Assert.False(queue.TryPeek(out _, out _));
    }
}
