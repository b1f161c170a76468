using System.Text.Json.Nodes;

namespace Fleet.Cli.Tests;

/// <summary><c>fleet bench</c> on the scenario of two clusters: the solo runs and the fairness figures in the JSON.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public async Task Two_clusters_json_carries_each_clusters_figures_and_the_ratios_to_its_solo_run()
    {
        var (exit, output, error) = await CliRun.RunAsync("bench", "--scenario", "two-clusters", "--nodes", "50", "--json");

        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(output)!;
        Assert.Equal(new[] { "fleet", "fleet-one-queue" }, report["policies"]!.AsArray().Select(p => p!["policy"]!.GetValue<string>()));
        Assert.Equal(new[] { "a", "b" }, report["policies"]![0]!["clusters"]!.AsArray().Select(c => c!["cluster"]!.GetValue<string>()));
        var fairness = report["fairness"]!;
        Assert.True(fairness["bP99RatioToSolo"]!.GetValue<double>() > 0);
        Assert.True(fairness["aCallsRatioToSolo"]!.GetValue<double>() > 0);
        Assert.Equal(0, fairness["throttled"]!.GetValue<long>());
        Assert.All(report["policies"]!.AsArray(), p => Assert.True(p!["cost"]!["allocatedBytes"]!.GetValue<long>() > 0)); // the engine's cost in bytes
    }

    [Fact]
    public async Task A_policy_of_one_cluster_is_refused_for_two_clusters_with_exit_code_2()
    {
        var (exit, _, error) = await CliRun.RunAsync("bench", "--scenario", "two-clusters", "--nodes", "50", "--policies", "cilium-post-44154");

        Assert.Equal(2, exit);
        Assert.Contains("serves one cluster", error, StringComparison.Ordinal);
    }
}
