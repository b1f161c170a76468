using Fleet.Cli;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// The multi-silo recipe of docs/operations.md, run as written: <c>deploy/local-cluster.sh up</c> starts Redis, one
/// shared EC2 emulator, silos with Redis clustering and the demo fleet's agents as a process of their own; the CLI finds
/// the cluster through the Redis address the script hands it, before and after the first silo dies; <c>down</c> stops
/// every process the script started.
/// </summary>
public sealed class LocalClusterRecipeTests(ITestOutputHelper output)
{
    private const int DemoNodes = 6;
    private readonly string _state = Directory.CreateTempSubdirectory("fleet-local-cluster").FullName;

    [Fact]
    public async Task The_recipe_runs_a_redis_cluster_with_the_demo_whose_cli_survives_the_first_silo()
    {
        var basePort = FreeBlock(34);
        try
        {
            var up = await Script("up", "--silos", "2", "--demo-nodes", DemoNodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            output.WriteLine(up);
            var redis = File.ReadAllLines(Path.Combine(_state, "env")).Single(l => l.StartsWith("export FLEET_REDIS=", StringComparison.Ordinal))["export FLEET_REDIS=".Length..];
            Assert.Equal($"127.0.0.1:{basePort}", redis);

            await Eventually.Until(() => ListedNodes(redis), n => n == DemoNodes, $"fleet nodes listing the demo's {DemoNodes} nodes", TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));

            output.WriteLine(await Script("kill", "1"));
            await Eventually.Until(() => ListedNodes(redis), n => n == DemoNodes, $"fleet nodes after silo 1 died", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(1));
            var status = await Script("status");
            output.WriteLine(status);
            Assert.Contains("silo1: not running", status, StringComparison.Ordinal);
            Assert.Contains("silo2: running", status, StringComparison.Ordinal);
            Assert.Contains("demo: running", status, StringComparison.Ordinal); // its agents carried on through Redis
        }
        finally
        {
            var pids = Directory.Exists(Path.Combine(_state, "pids"))
                ? Directory.GetFiles(Path.Combine(_state, "pids")).Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToList()
                : [];
            output.WriteLine(await Script("down"));
            Assert.All(pids, pid => Assert.False(Running(pid), $"PID {pid} still runs after down"));
            Directory.Delete(_state, recursive: true);
        }
    }

    private async Task<string> Script(params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["FLEET_LOCAL_DIR"] = _state, ["FLEET_NO_BUILD"] = "1", ["FLEET_CONFIGURATION"] = RepoPaths.Configuration,
        };
        await using var script = ChildProcess.Start("local-cluster", "bash", [Path.Combine(RepoPaths.Root, "deploy", "local-cluster.sh"), .. arguments], environment);
        Assert.True(await script.WaitForExitAsync(TimeSpan.FromMinutes(5)), $"local-cluster.sh {arguments[0]} did not finish: {script.Tail()}");
        var text = script.Tail(200);
        Assert.True(script.ExitCode == 0, $"local-cluster.sh {string.Join(' ', arguments)} failed: {text}");
        return text;
    }

    private static async Task<int> ListedNodes(string redis)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await FleetApp.RunAsync(["nodes", "--json", "--redis", redis, "--connect-timeout", "5s"], stdout, stderr);
        return exit == 0 ? System.Text.Json.Nodes.JsonNode.Parse(stdout.ToString())!.AsArray().Count : -1;
    }

    /// <summary>Whether the process runs (a zombie — dead, not yet reaped by whoever adopted it — does not).</summary>
    private static bool Running(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// The first port of <paramref name="length"/> consecutive free loopback ports, below Linux's ephemeral range
    /// (32768 and up): a port there that nothing listens on may still be bound by a client's connection a moment later,
    /// and a silo that cannot bind its port aborts.
    /// </summary>
    private static int FreeBlock(int length)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = Random.Shared.Next(26000, 32768 - length);
            if (Enumerable.Range(start, length).All(p => !FreePorts.AcceptsAsync(p).GetAwaiter().GetResult()))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"no {length} consecutive free ports found");
    }
}
