using Fleet.Testing;
using Fleet.Abstractions.Messages;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Grains.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Grains.Tests;

/// <summary>
/// Hundreds of nodes asking at once, with EC2's default buckets and time compressed 10× on both sides (the
/// emulator's refill and Fleet's model of it): same shape, one tenth of the wall time.
/// </summary>
public sealed class BurstTests(ITestOutputHelper output)
{
    private const double Compression = 10;

    [Fact]
    public async Task Burst_of_300_nodes_reaches_every_target_without_a_throttle_in_exactly_the_lower_bound_of_calls()
    {
        // At 10× a wall-clock jitter of 500 ms on a loaded 2-core machine is 5 s of EC2 time: Fleet keeps that much refill in reserve.
        await using var cluster = await AllocatorCluster.StartAsync(new ClusterSetup
        {
            Silos = 2,
            TimeScale = Compression,
            Config = { ["Fleet:Throttle:ArrivalJitter"] = "00:00:05" },
        });
        var nodes = cluster.Launch(300);
        var spec = new NodeSpecDto { PrefixDelegation = "on" };
        var lowerBound = nodes.Count * LowerBound.CapacityCalls(new PlanningContext(
            FreshNode.Create("i-0lb", InstanceTypeCatalog.Embedded.Get("m5.large")), new NodeSpec { PrefixDelegation = PrefixDelegation.On }, new Demand(110)));

        var reported = TimeProvider.System.GetUtcNow();
        var results = await Task.WhenAll(nodes.Select(n => cluster.Node(n).ReportDemand(new DemandReport(110))));
        Assert.All(results, r => Assert.Equal(DemandOutcome.Accepted, r.Outcome));
        var allocations = await cluster.WaitForAllAsync(nodes, timeout: TimeSpan.FromMinutes(3));

        Assert.All(allocations, a => Assert.True(a.Available >= 118, $"{a.InstanceId} holds {a.Available}"));
        var trail = cluster.TrailFor(nodes);
        Report(nodes, trail, reported, cluster.Region);
        Assert.Equal(0, cluster.Region.Trail().Count(t => t.Outcome == "RequestLimitExceeded"));
        var capacityCalls = trail.Where(t => t.Outcome == "OK" && t.Action is "AssignPrivateIpAddresses" or "CreateNetworkInterface" or "AttachNetworkInterface").ToList();
        Assert.Equal(lowerBound, capacityCalls.Count);
    }

    private void Report(IReadOnlyList<string> nodes, IReadOnlyList<Ec2.Emulator.TrailEntry> trail, DateTimeOffset reported, Ec2.Emulator.Ec2Region region)
    {
        foreach (var group in trail.GroupBy(t => (t.Action, t.Outcome)).OrderBy(g => g.Key.Action, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key.Action} {group.Key.Outcome}: {group.Count()}");
        }

        // Time from demand to capacity per node (its last capacity-adding call), in EC2-equivalent seconds.
        var owner = region.Snapshot().NetworkInterfaces.Where(n => n.Attachment is not null)
            .ToDictionary(n => n.NetworkInterfaceId, n => n.Attachment!.InstanceId, StringComparer.Ordinal);
        var done = trail.Where(t => t.Outcome == "OK" && t.Action is "AssignPrivateIpAddresses" or "AttachNetworkInterface")
            .GroupBy(t => t.InstanceId ?? owner.GetValueOrDefault(t.NetworkInterfaceId ?? string.Empty) ?? "?")
            .ToDictionary(g => g.Key, g => g.Max(t => t.Time));
        var seconds = nodes.Where(done.ContainsKey).Select(n => (done[n] - reported).TotalSeconds * Compression).Order().ToArray();
        output.WriteLine($"time to capacity (EC2-equivalent s, {seconds.Length} nodes): p50 {Percentile(seconds, 0.5):0.0}, " +
            $"p99 {Percentile(seconds, 0.99):0.0}, max {seconds[^1]:0.0}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min((int)Math.Ceiling(p * sorted.Length) - 1, sorted.Length - 1)];
}
