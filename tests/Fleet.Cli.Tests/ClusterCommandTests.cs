using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>The commands that talk to a running cluster, run for real against an in-process silo over its gateway.</summary>
public sealed class ClusterCommandTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    private TestSilo Silo => fixture.Silo;

    private string[] Connect => ["--gateway", Silo.Gateway];

    [Fact]
    public async Task Demand_reports_for_a_node_and_prints_its_allocation()
    {
        var node = Silo.Launch(1)[0];

        var (exit, output, _) = await CliRun.RunAsync(["demand", node, "--used", "30", "--json", .. Connect]);

        Assert.Equal(0, exit);
        var result = JsonNode.Parse(output)!;
        Assert.Equal("accepted", result["outcome"]!.GetValue<string>());
        Assert.Equal(30, result["allocation"]!["used"]!.GetValue<int>());
    }

    [Fact]
    public async Task Demand_for_an_unknown_instance_is_refused_with_exit_code_1()
    {
        var (exit, output, _) = await CliRun.RunAsync(["demand", "i-0123456789abcdef0", "--used", "3", .. Connect]);

        Assert.Equal(1, exit);
        Assert.Contains("UnknownInstance", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_changes_the_named_fields_and_intent_then_allocates_before_any_report()
    {
        var node = Silo.Launch(1)[0];

        var (specExit, spec, _) = await CliRun.RunAsync(["spec", node, "--max-pods", "110", "--node-group", "web", "--json", .. Connect]);
        var (intentExit, intent, _) = await CliRun.RunAsync(["intent", node, "--pods", "40", "--json", .. Connect]);

        Assert.Equal((0, 0), (specExit, intentExit));
        var view = JsonNode.Parse(spec)!;
        Assert.Equal((110, "web", 8), (view["spec"]!["maxPods"]!.GetValue<int>(), view["spec"]!["nodeGroup"]!.GetValue<string>(), view["spec"]!["preAllocate"]!.GetValue<int>()));
        var result = JsonNode.Parse(intent)!;
        Assert.Equal(("accepted", 40), (result["status"]!.GetValue<string>(), result["node"]!["intendedPods"]!.GetValue<int>()));
        await Eventually.Until(() => Silo.Http.GetStringAsync($"/api/v1/nodes/{node}"), json => JsonNode.Parse(json)!["allocation"]!["available"]!.GetValue<int>() >= 48,
            $"{node} holds the 40 intended pods + 8 pre-allocated");
    }

    [Fact]
    public async Task Intent_beyond_the_nodes_max_pods_is_refused_with_exit_code_1()
    {
        var node = Silo.Launch(1)[0];
        await CliRun.RunAsync(["spec", node, "--max-pods", "20", .. Connect]);

        var (exit, output, _) = await CliRun.RunAsync(["intent", node, "--pods", "30", .. Connect]);

        Assert.Equal(1, exit);
        Assert.Contains("OutOfRange", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_and_node_show_what_demand_created()
    {
        var node = Silo.Launch(1)[0];
        await Silo.ReportAndWaitReadyAsync(node, 40);

        var (listExit, list, _) = await CliRun.RunAsync(["nodes", "--json", .. Connect]);
        var (showExit, show, _) = await CliRun.RunAsync(["node", node, .. Connect]);

        Assert.Equal((0, 0), (listExit, showExit));
        var line = JsonNode.Parse(list)!.AsArray().Single(n => n!["instanceId"]!.GetValue<string>() == node)!;
        Assert.True(line["available"]!.GetValue<int>() >= 48);
        Assert.Contains("AssignPrivateIpAddresses", show, StringComparison.Ordinal);
        Assert.Contains("ready", show, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_one_cluster_the_cli_claims_lists_and_reads_only_that_clusters_nodes()
    {
        var node = Silo.Launch(1)[0];
        var (demandExit, _, _) = await CliRun.RunAsync(["demand", node, "--used", "3", "--as-cluster", "blue", .. Connect]);
        Assert.Equal(0, demandExit);

        var blue = await Eventually.Until(async () => (await CliRun.RunAsync(["nodes", "--json", "--cluster", "blue", .. Connect])).Output,
            o => JsonNode.Parse(o)!.AsArray().Count == 1, $"fleet nodes --cluster blue listing {node}");
        var line = JsonNode.Parse(blue)!.AsArray().Single()!;
        Assert.Equal((node, "blue"), (line["instanceId"]!.GetValue<string>(), line["cluster"]!.GetValue<string>()));
        var (_, green, _) = await CliRun.RunAsync(["nodes", "--json", "--as-cluster", "green", .. Connect]);
        Assert.DoesNotContain(node, green, StringComparison.Ordinal);

        var (otherExit, other, otherError) = await CliRun.RunAsync(["node", node, "--as-cluster", "green", .. Connect]);
        Assert.NotEqual(0, otherExit);
        Assert.Contains("another cluster", other + otherError, StringComparison.Ordinal);
        var (reportExit, report, _) = await CliRun.RunAsync(["demand", node, "--used", "30", "--as-cluster", "green", "--json", .. Connect]);
        Assert.Equal(1, reportExit);
        Assert.Equal("otherCluster", JsonNode.Parse(report)!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Watch_renders_nodes_and_throttle_buckets_for_the_frames_asked()
    {
        var (exit, output, _) = await CliRun.RunAsync(["watch", "--frames", "1", "--interval", "200ms", .. Connect]);

        Assert.Equal(0, exit);
        Assert.Contains("nodes", output, StringComparison.Ordinal);
        Assert.Contains("throttle", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_launches_instances_and_drives_agents_that_all_get_answered()
    {
        var (exit, output, error) = await CliRun.RunAsync(["load", "--nodes", "6", "--launch", "--ec2-endpoint", Silo.Ec2Endpoint!.ToString(),
            "--duration", "3s", "--interval", "500ms", "--json", .. Connect]);

        Assert.True(exit == 0, error);
        var summary = JsonNode.Parse(output)!;
        Assert.Equal(6, summary["agents"]!.GetValue<int>());
        Assert.Equal(0, summary["errors"]!.GetValue<int>());
        Assert.True(summary["accepted"]!.GetValue<int>() >= 6);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_a_clear_error_with_exit_code_2()
    {
        var (exit, _, error) = await CliRun.RunAsync("nodes", "--gateway", $"127.0.0.1:{FreePorts.Next()}", "--connect-timeout", "1s");

        Assert.Equal(2, exit);
        Assert.Contains("cannot reach the Fleet cluster", error, StringComparison.Ordinal);
    }
}

/// <summary>One silo (embedded emulator, no demo) for the CLI tests.</summary>
public sealed class SiloForCli : IAsyncLifetime
{
    public TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
