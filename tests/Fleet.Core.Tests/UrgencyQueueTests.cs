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

    [Fact]
    public void Any_mix_of_requests_withdrawals_and_grants_serves_in_the_order_the_policy_defines()
    {
        // Random asks (new and again, at any urgency), withdrawals and grants against a plain model of the order: the
        // head is always the request with the earliest virtual arrival, then arrival, then first insertion.
        var policy = UrgencyPolicy.Default;
        var random = new Random(3);
        var queue = new UrgencyQueue<int>(policy);
        var model = new Dictionary<int, (DateTimeOffset Arrived, DateTimeOffset Virtual, long Order, Urgency Urgency)>();
        long inserted = 0;
        var now = T0;
        for (var step = 0; step < 20_000; step++)
        {
            now = now.AddMilliseconds(random.Next(0, 400));
            var key = random.Next(300);
            switch (random.Next(10))
            {
                case < 6:
                    var urgency = random.Next(3) == 0 ? Urgency.Housekeeping : Urgency.Critical(random.Next(0, 200), random.Next(0, 20));
                    var (arrived, order) = model.TryGetValue(key, out var was) ? (was.Arrived, was.Order) : (now, inserted++);
                    model[key] = (arrived, arrived - policy.HeadStart(urgency), order, urgency);
                    queue.Enqueue(key, urgency, now);
                    break;
                case < 8:
                    Assert.Equal(model.Remove(key), queue.Remove(key));
                    break;
                default:
                    if (queue.TryDequeue(out var served, out var servedUrgency, out var servedArrived))
                    {
                        var head = model.MinBy(e => (e.Value.Virtual, e.Value.Arrived, e.Value.Order));
                        Assert.Equal((head.Key, head.Value.Urgency, head.Value.Arrived), (served, servedUrgency, servedArrived));
                        model.Remove(served);
                    }
                    else
                    {
                        Assert.Empty(model);
                    }

                    break;
            }

            Assert.Equal(model.Count, queue.Count);
        }

        var expected = model.OrderBy(e => (e.Value.Virtual, e.Value.Arrived, e.Value.Order)).Select(e => e.Key);
        Assert.Equal(expected, queue.InOrder().Select(e => e.Key));
    }
}
