using System.Globalization;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// A normal start, run and graceful stop of the silo logs no warning and no error — single-silo with the demo fleet,
/// and Redis clustering with two silos — so that when a silo does warn, it means something. The silos run as the
/// executable ships, with its own appsettings.json log levels.
/// </summary>
public sealed class CleanLogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_single_silo_with_the_demo_fleet_starts_runs_and_stops_without_a_warning()
    {
        var http = FreePorts.Next();
        await using var silo = ChildProcess.StartDotnet("silo-demo", RepoPaths.Program("Fleet.Silo", "fleet-silo"),
        [
            "--Fleet:Demo:Nodes=6", "--Fleet:Demo:ReportInterval=00:00:00.500", $"--Fleet:Http:Urls=http://127.0.0.1:{http}",
            $"--Fleet:Emulator:Port={FreePorts.Next()}", $"--Fleet:Clustering:SiloPort={FreePorts.Next()}", $"--Fleet:Clustering:GatewayPort={FreePorts.Next()}",
        ]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/"), Timeout = TimeSpan.FromSeconds(10) };

        // Run: the demo's six nodes are all listed at capacity by the silo's own metrics.
        await Eventually.Until(() => Metrics(client, silo), m => CountAtCapacity(m) == 6, // summed over clusters: fleet_nodes carries a cluster label
            "the demo's 6 nodes at capacity", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));

        await StopAndAssertCleanAsync(silo);
    }

    [Fact]
    public async Task Redis_clustered_silos_start_serve_and_stop_without_a_warning()
    {
        await using var cluster = await ProcessCluster.StartAsync(2, Regions.Large(1), "--Logging:LogLevel:Default=Information");
        var nodes = await cluster.Emulator.RunInstancesAsync(4, Regions.SubnetA);
        foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
        {
            using var body = new StringContent("""{"used":20}""", System.Text.Encoding.UTF8, "application/json");
            var response = await cluster.Silos[i % 2].Http.PutAsync($"api/v1/nodes/{node}/demand", body);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await Eventually.Until(async () => await Metrics(cluster.Silos[0].Http, cluster.Silos[0].Process!) + await Metrics(cluster.Silos[1].Http, cluster.Silos[1].Process!),
            m => CountAtCapacity(m) == nodes.Count, $"{nodes.Count} nodes at capacity across both silos", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));

        var stopped = new List<string>();
        foreach (var silo in cluster.Silos.Reverse())
        {
            await StopAndAssertCleanAsync(silo.Process!, stopped);
            stopped.Add($"127.0.0.1:{silo.SiloPort}");
        }
    }

    private async Task StopAndAssertCleanAsync(ChildProcess silo, IReadOnlyCollection<string>? stoppedPeers = null)
    {
        await silo.TerminateAsync(TimeSpan.FromSeconds(30));
        Assert.True(silo.HasExited, silo.Tail());
        output.WriteLine(silo.Tail(15));
        Assert.Equal(0, silo.ExitCode);
        var alarms = SiloLog.Alarms(silo.LogPath, stoppedPeers);
        Assert.True(alarms.Count == 0, $"{silo.Name} logged {alarms.Count} warning(s) or error(s):\n{string.Join('\n', alarms)}");
    }

    private static int CountAtCapacity(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("fleet_nodes{", StringComparison.Ordinal) && l.Contains("category=\"at-capacity\"", StringComparison.Ordinal))
            .Sum(l => int.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static async Task<string> Metrics(HttpClient client, ChildProcess silo)
    {
        Assert.False(silo.HasExited, silo.Tail());
        try
        {
            return await client.GetStringAsync("metrics");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return string.Empty;
        }
    }
}
