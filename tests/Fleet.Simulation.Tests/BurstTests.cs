using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Tests;

/// <summary>A small burst through the discrete-event engine: deterministic, and each policy behaves as designed.</summary>
public sealed class BurstTests
{
    private static readonly Scenario s_burst = ScenarioLibrary.Build("burst", nodes: 60, seed: 3);
    private static readonly Reports.BenchReport s_report = BenchmarkRunner.Run(s_burst, ["fleet", "cilium-post-44154", "lower-bound-calls"], seed: 3);

    [Fact]
    public void Burst_scenario_gives_every_node_110_pods_within_a_minute_and_five()
    {
        Assert.Equal(60 * 110, s_burst.PodArrivals);
        Assert.All(s_burst.Nodes, n => Assert.InRange(n.JoinAt, TimeSpan.Zero, TimeSpan.FromSeconds(60)));
        Assert.All(s_burst.Nodes, n => Assert.InRange(n.Pods[^1].At - n.JoinAt, TimeSpan.Zero, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Same_seed_gives_the_same_figures()
    {
        var again = BenchmarkRunner.Run(s_burst, ["fleet", "cilium-post-44154", "lower-bound-calls"], seed: 3);

        foreach (var (first, second) in s_report.Policies.Zip(again.Policies))
        {
            Assert.Equal(first.Calls, second.Calls);
            Assert.Equal(first.PodWait, second.PodWait);
            Assert.Equal(first.Timeline.AsEnumerable(), second.Timeline.AsEnumerable());
        }
    }

    [Fact]
    public void Fleet_serves_every_pod_without_a_throttled_call()
    {
        var fleet = s_report.Policies.Single(p => p.Policy == "fleet");

        Assert.Equal(0, fleet.ThrottledResponses);
        Assert.Equal(0, fleet.PodWait.Unserved);
        Assert.Equal(s_burst.PodArrivals, fleet.PodWait.Pods);
    }

    [Fact]
    public void Lower_bound_calls_makes_exactly_the_planners_lower_bound_per_node()
    {
        var perNode = LowerBound.CapacityCalls(new PlanningContext(
            FreshNode.Create("i-0lb", InstanceTypeCatalog.Embedded.Get("m5.large")), new NodeSpec { PrefixDelegation = PrefixDelegation.On }, new Demand(110)));

        Assert.Equal(s_burst.Nodes.Length * perNode, s_report.Policies.Single(p => p.Policy == "lower-bound-calls").CapacityCalls);
    }

    [Fact]
    public void Cilium_spends_one_instance_sync_per_round_on_its_shared_limiter()
    {
        var cilium = s_report.Policies.Single(p => p.Policy == "cilium-post-44154");

        Assert.True(cilium.Calls["DescribeNetworkInterfaces"].Sent >= cilium.CapacityCalls, "every round ends with an instance sync");
        Assert.Equal(0, cilium.PodWait.Unserved);
    }
}
