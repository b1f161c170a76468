using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary><c>fleet load --launch</c> leaves nothing running (issue 15 item 6), unless asked to with <c>--keep</c>.</summary>
public sealed class LoadCleanupTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    private TestSilo Silo => fixture.Silo;

    private string[] Load(params string[] more) =>
        ["load", "--nodes", "3", "--launch", "--ec2-endpoint", Silo.Ec2Endpoint!.ToString(), "--interval", "200ms", "--gateway", Silo.Gateway, .. more];

    [Fact]
    public async Task A_load_run_terminates_the_instances_it_launched_and_says_so()
    {
        var (exit, output, error) = await CliRun.RunAsync(Load("--duration", "1s", "--json"));

        Assert.True(exit == 0, error);
        var launched = Launched(output);
        Assert.Equal(3, launched.Count);
        Assert.All(launched, id => Assert.Equal("terminated", State(id)));
        Assert.Contains("terminated the 3 instances this run launched", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_keep_the_launched_instances_stay_running_and_the_output_says_so()
    {
        var (exit, output, error) = await CliRun.RunAsync(Load("--duration", "1s", "--json", "--keep"));

        Assert.True(exit == 0, error);
        Assert.All(Launched(output), id => Assert.Equal("running", State(id)));
        Assert.Contains("left the 3 instances this run launched running (--keep)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_load_run_still_terminates_what_it_launched()
    {
        var before = Silo.Region!.Snapshot().Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        using var interrupt = new CancellationTokenSource();
        var error = new StringWriter();
        var run = CliRun.RunAsync(Load("--duration", "0"), error, interrupt.Token);

        // Interrupt once the agents have reported for the instances it launched (they are listed by the fleet index).
        var launched = await Eventually.Until(async () =>
        {
            var ids = Silo.Region.Snapshot().Instances.Where(i => !before.Contains(i.InstanceId)).Select(i => i.InstanceId).ToList();
            var listed = JsonNode.Parse(await Silo.Http.GetStringAsync("/api/v1/nodes?limit=1000"))!.AsArray().Select(n => n!["instanceId"]!.GetValue<string>()).ToHashSet();
            return ids.Count == 3 && ids.All(listed.Contains) ? ids : [];
        }, ids => ids.Count == 3, "the run launched 3 instances and reported for them");
        await interrupt.CancelAsync();
        var (exit, output) = await run;

        Assert.True(exit is 0 or 1, $"exit {exit}: {error}");
        Assert.All(launched, id => Assert.Equal("terminated", State(id)));
        Assert.Contains("terminated the 3 instances this run launched", output + error, StringComparison.Ordinal);
    }

    private static List<string> Launched(string json) =>
        [.. JsonNode.Parse(json)!["launched"]!.AsArray().Select(n => n!.GetValue<string>())];

    private string State(string instanceId) => Silo.Region!.Snapshot().Instances.Single(i => i.InstanceId == instanceId).State.Name;
}
