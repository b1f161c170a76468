using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// SIGTERM (what <c>kill</c>, <c>timeout</c>, systemd and the multi-silo script send) reaches the running command as a
/// cancellation: <c>fleet load</c> stops its agents, prints its summary and exits 0 — rather than dying mid-report, or
/// lingering because the Orleans client's own host had taken the signal and stopped under it.
/// </summary>
public sealed class TerminationTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    [Fact]
    public async Task Sigterm_ends_a_running_load_with_its_summary()
    {
        var nodes = fixture.Silo.Launch(2);
        await using var load = ChildProcess.StartDotnet("fleet-load", RepoPaths.Program("Fleet.Cli", "fleet"),
            ["load", "--nodes", "2", "--ec2-endpoint", fixture.Silo.Ec2Endpoint!.ToString(), "--duration", "0", "--interval", "200ms", "--json",
             "--gateway", fixture.Silo.Gateway]);

        // Running: the silo has heard from both agents.
        await Eventually.Until(async () => (await Task.WhenAll(nodes.Select(n => fixture.Silo.Http.GetAsync($"/api/v1/nodes/{n}")))).Count(r => r.IsSuccessStatusCode),
            heard => heard == nodes.Count || load.HasExited, "both agents reporting", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));
        Assert.False(load.HasExited, load.Tail());

        await load.TerminateAsync(TimeSpan.FromSeconds(20));

        Assert.True(load.HasExited, load.Tail());
        Assert.True(load.ExitCode == 0, load.Tail());
        var log = File.ReadAllText(load.LogPath);
        var summary = JsonNode.Parse(log[log.IndexOf('{', StringComparison.Ordinal)..])!;
        Assert.Equal(2, summary["agents"]!.GetValue<int>());
        Assert.True(summary["accepted"]!.GetValue<int>() >= 2, log);
    }
}
