using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// <c>fleet load --throughput</c> drives reports through each transport and reports what it measured. The figures
/// themselves are a benchmark's business: these tests check the run's accounting, not its speed.
/// </summary>
public sealed class LoadThroughputTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    private TestSilo Silo => fixture.Silo;

    [Theory]
    [InlineData("orleans")]
    [InlineData("http")]
    public async Task A_throughput_run_reports_for_every_node_and_prints_rate_and_latency_percentiles(string via)
    {
        var (exit, output, error) = await CliRun.RunAsync("load", "--throughput", "--via", via, "--nodes", "5", "--launch",
            "--ec2-endpoint", Silo.Ec2Endpoint!.ToString(), "--gateway", Silo.Gateway, "--http", Silo.BaseAddress.ToString(),
            "--concurrency", "4", "--warmup", "200ms", "--duration", "1s", "--change-rate", "1", "--json");

        Assert.True(exit == 0, error);
        var result = JsonNode.Parse(output)!["throughput"]!;
        Assert.Equal(via, result["via"]!.GetValue<string>());
        Assert.Equal(5, result["nodes"]!.GetValue<int>());
        Assert.Equal(5, result["firstPass"]!["accepted"]!.GetValue<long>());
        Assert.Equal(0, result["errors"]!.GetValue<long>());
        var reports = result["reports"]!.GetValue<long>();
        Assert.True(reports > 0, output);
        Assert.Equal(reports, result["outcomes"]!.AsObject().Sum(o => o.Value!.GetValue<long>()));
        var latency = result["latencyMs"]!;
        var (p50, p90, p99, max) = (latency["p50"]!.GetValue<double>(), latency["p90"]!.GetValue<double>(), latency["p99"]!.GetValue<double>(), latency["max"]!.GetValue<double>());
        Assert.True(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= max, latency.ToJsonString());
        Assert.Contains("terminated the 5 instances this run launched", error, StringComparison.Ordinal);
    }
}
