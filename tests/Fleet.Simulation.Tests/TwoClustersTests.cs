using Fleet.Simulation.Policies;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Tests;

/// <summary>
/// The two-clusters scenario at its documented size (cluster a bursts 1,000 nodes while cluster b, 200 nodes, churns),
/// through the product's node loop and throttle scheduler: with fair shares b keeps its solo p99 and a its solo calls;
/// with one queue for both, b's pods wait behind a's burst.
/// </summary>
public sealed class TwoClustersTests
{
    private static readonly Scenario s_scenario = ScenarioLibrary.Build(TwoClusters.Name, seed: 1);
    private static readonly BenchReport s_report = BenchmarkRunner.Run(s_scenario, PolicyCatalog.DefaultsFor(s_scenario), seed: 1);

    [Fact]
    public void Scenario_has_1000_bursting_nodes_and_200_churning_ones_plus_their_replacements()
    {
        Assert.Equal(1000, s_scenario.Nodes.Count(n => n.Spec.Cluster == TwoClusters.Bursting));
        Assert.Equal(200, s_scenario.Nodes.Count(n => n.Spec.Cluster == TwoClusters.Churning && n.JoinAt < TwoClusters.BurstAt));
        Assert.Equal(40, s_scenario.Nodes.Count(n => n.Spec.Cluster == TwoClusters.Churning && n.LeaveAt is not null));
        Assert.All(s_scenario.Nodes.Where(n => n.Spec.Cluster == TwoClusters.Bursting), n => Assert.True(n.JoinAt >= TwoClusters.BurstAt));
    }

    [Fact]
    public void Fair_shares_keep_the_churning_clusters_p99_and_the_bursting_clusters_calls_near_their_solo_runs_without_a_throttle()
    {
        var fairness = s_report.Fairness!;

        Assert.True(fairness.BP99RatioToSolo <= 1.2, $"b's p99 {fairness.BP99} s vs {fairness.BSoloP99} s alone");
        Assert.True(fairness.ACallsRatioToSolo <= 1.05, $"a's calls {fairness.ACalls} vs {fairness.ASoloCalls} alone");
        Assert.Equal(0, fairness.Throttled);
        Assert.Equal(0, s_report.Policies.Sum(p => p.Clusters.Sum(c => c.PodWait.Unserved)));
    }

    [Fact]
    public void One_queue_for_both_clusters_makes_the_churning_cluster_wait_behind_the_burst()
    {
        var shared = s_report.Policies.Single(p => p.Policy == PolicyCatalog.OneQueue).Clusters.Single(c => c.Cluster == TwoClusters.Churning);
        var fair = s_report.Policies.Single(p => p.Policy == "fleet").Clusters.Single(c => c.Cluster == TwoClusters.Churning);

        Assert.True(shared.PodWait.P99 > 10 * Math.Max(fair.PodWait.P99, 1), $"one queue: b's p99 {shared.PodWait.P99} s; fair shares: {fair.PodWait.P99} s");
    }

    [Fact]
    public void Policies_of_one_cluster_are_refused_for_a_scenario_of_two()
    {
        Assert.Equal(new[] { "fleet", PolicyCatalog.OneQueue }, PolicyCatalog.DefaultsFor(s_scenario));
        Assert.Contains("serves one cluster", PolicyCatalog.Problem("cilium-post-44154", s_scenario), StringComparison.Ordinal);
        Assert.Null(PolicyCatalog.Problem("fleet-latency", s_scenario));
    }
}
