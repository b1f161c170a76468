using System.Collections.Immutable;
using CsCheck;
using Fleet.Core.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Core.Tests;

/// <summary>
/// Several clusters share every bucket by weight: a cluster is served up to its share (its burst included) whatever
/// another asks, and what it leaves unused goes to the others.
/// </summary>
public sealed class FairShareTests
{
    private const Ec2Action Assign = Ec2Action.AssignPrivateIpAddresses;
    private const Ec2Action Modify = Ec2Action.ModifyNetworkInterfaceAttribute;
    private readonly FakeTimeProvider _time = new();

    private ThrottleScheduler Scheduler(double capacity = 10, double refill = 1, params (string Cluster, double Weight)[] weights) => new(
        new ThrottleOptions
        {
            BucketOverrides = ImmutableDictionary<Ec2Action, BucketSpec>.Empty
                .Add(Assign, new BucketSpec(capacity, refill))
                .Add(Modify, new BucketSpec(capacity, refill))
                .Add(Ec2Action.DescribeNetworkInterfaces, new BucketSpec(capacity, refill)),
            ArrivalJitter = TimeSpan.Zero,
            HousekeepingReserve = 0,
            ClusterWeights = weights.ToImmutableDictionary(w => w.Cluster, w => w.Weight),
        },
        _time);

    private static void Flood(ThrottleScheduler throttle, string cluster, int count, Ec2Action action = Assign)
    {
        for (var i = 0; i < count; i++)
        {
            throttle.Request($"{cluster}{i}", action, Urgency.Critical(8, pendingPods: 5), cluster: cluster);
        }
    }

    private static ClusterShareSnapshot Share(ThrottleScheduler throttle, string cluster, Ec2Action action = Assign) =>
        throttle.Snapshot().Single(l => l.Action == action).Clusters.Single(c => c.Cluster == cluster);

    [Fact]
    public void A_burst_takes_only_its_share_of_the_bucket_while_another_cluster_is_owed_the_rest()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", 1), ("b", 1));
        Flood(throttle, "a", 20);

        Assert.Equal(5, throttle.Dispatch().Count); // a's half of the burst; b's half stays in the bucket

        Flood(throttle, "b", 3);
        Assert.Equal(["b0", "b1", "b2"], throttle.Dispatch().Select(g => g.Requester)); // at once, ahead of a's 15 waiting
    }

    [Theory]
    [InlineData(1, 1, 50, 50)] // equal weights: equal halves of the refill
    [InlineData(3, 1, 75, 25)] // 3:1
    [InlineData(1, 4, 20, 80)] // 1:4
    public void Clusters_that_both_wait_share_the_refill_by_weight(double weightA, double weightB, int expectedA, int expectedB)
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", weightA), ("b", weightB));
        Flood(throttle, "a", 200);
        Flood(throttle, "b", 200);
        throttle.Dispatch(); // the burst, split by weight

        var granted = new Dictionary<string, int>(StringComparer.Ordinal) { ["a"] = 0, ["b"] = 0 };
        for (var second = 0; second < 100; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            foreach (var grant in throttle.Dispatch())
            {
                granted[grant.Cluster]++;
            }
        }

        Assert.InRange(granted["a"], expectedA - 1, expectedA + 1);
        Assert.InRange(granted["b"], expectedB - 1, expectedB + 1);
    }

    [Fact]
    public void A_share_left_unused_flows_to_the_cluster_that_needs_it()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", 1), ("b", 1));
        Flood(throttle, "a", 500);
        var granted = throttle.Dispatch().Count;

        for (var second = 0; second < 100; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            granted += throttle.Dispatch().Count;
        }

        Assert.Equal(5 + 100, granted); // half the burst, then the whole refill: b's credit is full and overflows to a
        Assert.Equal(5, Share(throttle, "b").Credit, 6);
    }

    [Fact]
    public void The_next_dispatch_is_due_when_the_waiting_cluster_can_borrow_or_its_credit_reaches_a_token()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", 1), ("b", 1));
        Flood(throttle, "a", 20);
        throttle.Dispatch();

        // a's credit refills at 0.5/s, but b's credit is full, so the whole refill is a's to borrow: 1 s.
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.NextDispatchIn());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", Assert.Single(throttle.Dispatch()).Cluster);
    }

    [Fact]
    public void A_cluster_met_in_requests_is_forgotten_once_idle_and_its_share_returns_to_the_others()
    {
        var throttle = Scheduler(capacity: 10, refill: 1);
        throttle.Request("b0", Assign, Urgency.Critical(8), cluster: "b");
        throttle.Complete(Assert.Single(throttle.Dispatch()).Id, CallOutcome.Sent);

        Flood(throttle, "a", 20);
        Assert.Equal(4, throttle.Dispatch().Count); // 9 tokens left, of which b's credit holds its half of the bucket

        _time.Advance(TimeSpan.FromSeconds(60)); // b's credit is full again and nothing of b waits: b is forgotten
        Assert.Equal(10, throttle.Dispatch().Count);
        Assert.DoesNotContain(throttle.Snapshot().Single(l => l.Action == Assign).Clusters, c => c.Cluster == "b");
    }

    [Fact]
    public void A_configured_cluster_keeps_its_share_while_idle()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("b", 1));
        Flood(throttle, "a", 20);
        throttle.Dispatch();

        _time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(5, throttle.Dispatch().Count); // the bucket is full again, and half of it is b's
    }

    [Fact]
    public void One_clusters_housekeeping_runs_from_its_share_while_another_clusters_critical_work_waits()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", 1), ("b", 1));
        Flood(throttle, "a", 20, Modify);
        throttle.Dispatch();
        throttle.Request("b-dot", Modify, Urgency.Housekeeping, cluster: "b");

        Assert.Equal("b-dot", Assert.Single(throttle.Dispatch()).Requester); // a's 15 critical requests wait on the same bucket
    }

    [Fact]
    public void A_batched_describe_takes_from_every_clusters_share()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", 1), ("b", 1));

        Assert.True(throttle.TryAcquire(Ec2Action.DescribeNetworkInterfaces));

        Assert.Equal((4.5, 4.5), (Share(throttle, "a", Ec2Action.DescribeNetworkInterfaces).Credit, Share(throttle, "b", Ec2Action.DescribeNetworkInterfaces).Credit));
    }

    [Fact]
    public void The_snapshot_shows_each_clusters_weight_share_credit_and_use()
    {
        var throttle = Scheduler(capacity: 10, refill: 1, ("a", 3), ("b", 1));
        Flood(throttle, "a", 10);
        throttle.Dispatch();

        var a = Share(throttle, "a");
        Assert.Equal(("a", 3.0, 0.75, 7L, 3), (a.Cluster, a.Weight, a.Share, a.Granted, a.CriticalWaiting));
        Assert.Equal(0.5, a.Credit, 6);
        Assert.Equal(2.5, Share(throttle, "b").Credit, 6);
    }

    [Fact]
    public void With_one_cluster_the_bucket_is_all_its_own()
    {
        var throttle = Scheduler(capacity: 10, refill: 1);
        Flood(throttle, "a", 20);

        Assert.Equal(10, throttle.Dispatch().Count);
        Assert.Equal((1.0, 0.0), (Share(throttle, "a").Share, Share(throttle, "a").Credit));
    }

    [Fact]
    public void A_cluster_asking_within_its_share_is_always_served_at_once_and_the_bucket_is_never_overspent()
    {
        var gen =
            from weightB in Gen.Double[0.2, 4]
            from flood in Gen.Int[0, 300]
            from seed in Gen.Int
            select (weightB, flood, seed);

        gen.Sample(c =>
        {
            var time = new FakeTimeProvider();
            const double Capacity = 20, Refill = 2;
            var throttle = new ThrottleScheduler(new ThrottleOptions
            {
                BucketOverrides = ImmutableDictionary<Ec2Action, BucketSpec>.Empty.Add(Assign, new BucketSpec(Capacity, Refill)),
                ArrivalJitter = TimeSpan.Zero,
                ClusterWeights = ImmutableDictionary<string, double>.Empty.Add("a", 1).Add("b", c.weightB),
            }, time);
            var shareB = c.weightB / (1 + c.weightB);
            var random = new Random(c.seed);
            var granted = 0;
            var asked = 0;

            // a floods; b asks at most its share of the refill, in bursts within its share of the capacity.
            for (var i = 0; i < c.flood; i++)
            {
                throttle.Request($"a{i}", Assign, Urgency.Critical(1 + random.Next(64), random.Next(3)), cluster: "a");
            }

            var spacing = TimeSpan.FromSeconds(Math.Ceiling(Math.Floor(Capacity * shareB) / (Refill * shareB)));
            for (var step = 0; step < 20; step++)
            {
                var burst = (int)Math.Floor(Capacity * shareB);
                for (var i = 0; i < burst; i++)
                {
                    throttle.Request($"b{step}-{i}", Assign, Urgency.Critical(8), cluster: "b");
                    asked++;
                }

                var grants = throttle.Dispatch();
                granted += grants.Count;
                if (grants.Count(g => g.Cluster == "b") != burst)
                {
                    throw new InvalidOperationException($"step {step}: b asked {burst} within its share, got {grants.Count(g => g.Cluster == "b")}");
                }

                foreach (var grant in grants)
                {
                    throttle.Complete(grant.Id, CallOutcome.Sent);
                }

                time.Advance(spacing);
                granted += throttle.Dispatch().Count;
            }

            var elapsed = spacing.TotalSeconds * 20;
            if (granted > Capacity + (Refill * elapsed) + 1e-6)
            {
                throw new InvalidOperationException($"granted {granted} in {elapsed} s from a bucket of {Capacity} + {Refill}/s");
            }
        });
    }

    [Theory]
    [InlineData("ClusterWeights[a] must be in (0, 1000]", "a", 0.0)]
    [InlineData("ClusterWeights: 'b c' is not a cluster name", "b c", 1.0)]
    public void Invalid_cluster_weights_are_refused_naming_the_cluster(string expected, string cluster, double weight)
    {
        var options = new ThrottleOptions { ClusterWeights = ImmutableDictionary<string, double>.Empty.Add(cluster, weight) };

        Assert.Contains(options.Validate(), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bucket_share_leaves_the_rest_of_that_bucket_to_the_accounts_other_tools()
    {
        var options = new ThrottleOptions { ArrivalJitter = TimeSpan.Zero, BucketShares = ImmutableDictionary<Ec2Action, double>.Empty.Add(Assign, 0.6) };

        Assert.Equal(new BucketSpec(60, 3), options.BucketFor(Assign)); // EC2's 100 / 5 per s, 40 % left to others
        Assert.Equal(new BucketSpec(100, 5), options.BucketFor(Ec2Action.CreateNetworkInterface));
    }
}
