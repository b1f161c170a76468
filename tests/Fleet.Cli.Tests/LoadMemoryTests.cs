using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// <c>fleet load --memory</c> activates every node's grain, measures the silo's heap, has Orleans deactivate them and
/// measures again. The silo here shares its process with the test runner, so only the accounting is asserted: the
/// figure itself comes from a silo of its own (benchmarks/load/run.sh).
/// </summary>
public sealed class LoadMemoryTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    [Fact]
    public async Task Memory_activates_every_node_then_measures_with_and_without_their_grains()
    {
        var silo = fixture.Silo;
        var (exit, output, error) = await CliRun.RunAsync("load", "--memory", "--nodes", "4", "--launch",
            "--ec2-endpoint", silo.Ec2Endpoint!.ToString(), "--gateway", silo.Gateway, "--json");

        Assert.True(exit == 0, error);
        var memory = JsonNode.Parse(output)!["memory"]!;
        Assert.Equal(4, memory["nodes"]!.GetValue<int>());
        Assert.Equal(4, memory["nodeGrainsActive"]!.GetValue<int>());
        Assert.Equal(4, memory["nodeGrainsCollected"]!.GetValue<int>());
        Assert.True(memory["heapWithNodesBytes"]!.GetValue<long>() > 0);
        Assert.True(memory["heapWithoutNodeGrainsBytes"]!.GetValue<long>() > 0);
        Assert.Equal(0, JsonNode.Parse(output)!["refused"]!.GetValue<int>());
        Assert.Contains("terminated the 4 instances this run launched", error, StringComparison.Ordinal);
    }
}
