using Fleet.Cli;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// Fleet as it runs in production: Redis, the emulator as its own process, three silo processes with Redis clustering
/// and persistence; agents through the HTTP API and the CLI through the Orleans client. One silo is killed with
/// <c>kill -9</c> mid-run: the others carry on, every node reaches its target, nothing leaks.
/// </summary>
public sealed class KillSiloTests(ITestOutputHelper output)
{
    private const double Compression = 10;

    [Fact]
    public async Task Three_silos_serve_100_nodes_and_survive_kill_9_of_one_mid_run()
    {
        await using var cluster = await ProcessCluster.StartAsync(3, Regions.Large(Compression),
            $"--Fleet:Throttle:TimeScale={Compression}", "--Fleet:Throttle:ArrivalJitter=00:00:05", "--Fleet:Allocator:IndexRefresh=00:00:02");
        try
        {
            var nodes = (await cluster.Emulator.RunInstancesAsync(50, Regions.SubnetA))
                .Concat(await cluster.Emulator.RunInstancesAsync(50, Regions.SubnetB)).ToList();
            var used = nodes.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => 20 + (x.i % 5 * 20)); // 20..100 pods
            var agents = new HttpAgents(cluster, HttpAgents.Fixed(used), TimeSpan.FromMilliseconds(250));
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var running = agents.RunAsync(stop.Token);

            await Eventually.Until(() => agents.Ready, ready => ready >= 30, "30 nodes ready before the kill", TimeSpan.FromMinutes(2));
            var victim = cluster.Silos[1];
            var killedAt = TimeProvider.System.GetUtcNow();
            await victim.KillAsync();
            output.WriteLine($"killed silo 1 (pid {victim.Process!.Pid}) with {agents.Ready} of {nodes.Count} nodes ready");

            await Eventually.Until(() => Task.FromResult(agents.Look()), look => look.Ready == nodes.Count, $"all {nodes.Count} nodes ready after the kill",
                TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(200));

            // The CLI, through the Orleans client and Redis clustering, lists every node (the index heals within its
            // refresh period if its silo was the one killed).
            await Eventually.Until(async () =>
                {
                    var cli = new StringWriter();
                    var exit = await FleetApp.RunAsync(["nodes", "--json", "--redis", cluster.Redis.ConnectionString, "--cluster-id", "e2e", "--service-id", "e2e"],
                        cli, new StringWriter());
                    return exit == 0 ? nodes.Count(n => cli.ToString().Contains(n, StringComparison.Ordinal)) : -1;
                },
                listed => listed == nodes.Count, "fleet nodes lists all 100 nodes", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));

            await stop.CancelAsync();
            await running;
            var state = await cluster.Emulator.StateAsync();
            Assert.Empty(Invariants.Check(state, ProcessCluster.ClusterName));
            var trail = await cluster.Emulator.TrailAsync();
            Assert.DoesNotContain(trail, t => t["outcome"]?.GetValue<string>() == "RequestLimitExceeded");

            Report(agents, killedAt, trail);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private void Report(HttpAgents agents, DateTimeOffset killedAt, IReadOnlyList<System.Text.Json.Nodes.JsonObject> trail)
    {
        // Interruption: for each agent whose report failed after the kill, the time until its next successful report.
        var outages = agents.Reports.Where(r => r.At >= killedAt).GroupBy(r => r.Node)
            .Select(g => g.OrderBy(r => r.At).ToList())
            .Where(rs => rs.Any(r => r.Status != 200))
            .Select(rs => (rs.FirstOrDefault(r => r.Status == 200 && r.At > rs.First(x => x.Status != 200).At).At - killedAt).TotalSeconds)
            .ToList();
        output.WriteLine(outages.Count == 0
            ? "no report failed after the kill"
            : $"{outages.Count} agents saw failures after the kill; longest interruption {outages.Max():0.00} s (wall), {outages.Max() * Compression:0.0} s EC2-equivalent");
        foreach (var group in trail.GroupBy(t => (Action: t["action"]!.GetValue<string>(), Outcome: t["outcome"]!.GetValue<string>())).OrderBy(g => g.Key.Action, StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key.Action} {group.Key.Outcome}: {group.Count()}");
        }
    }
}
