using System.Text.Json.Nodes;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// A rolling upgrade as a platform team runs one: a three-silo cluster of Fleet 0.1 on Redis serving 30 nodes, each old
/// silo replaced in turn by one of this build while the agents keep reporting. The two versions share Redis state and
/// exchange grain calls (tokens, node reports) in between. Every node keeps its allocation, EC2 sees no mutating call,
/// nothing leaks, and afterwards the new cluster serves more demand from the state the old one wrote.
/// </summary>
public sealed class RollingUpgradeTests(ITestOutputHelper output)
{
    private const double Compression = 10;

    [Fact]
    public async Task Old_silos_replaced_one_by_one_keep_every_allocation_with_no_call_and_nothing_leaked()
    {
        var previous = await PreviousRelease.SiloAsync(PreviousRelease.Fleet01);
        await using var cluster = await ProcessCluster.StartAsync(3, previous, Regions.Large(Compression),
            $"--Fleet:Throttle:TimeScale={Compression}", "--Fleet:Throttle:ArrivalJitter=00:00:05", "--Fleet:Allocator:IndexRefresh=00:00:02");
        try
        {
            var nodes = (await cluster.Emulator.RunInstancesAsync(15, Regions.SubnetA)).Concat(await cluster.Emulator.RunInstancesAsync(15, Regions.SubnetB)).ToList();
            var used = nodes.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => 20 + (x.i % 5 * 10)); // 20..60 pods: eth0's prefixes suffice
            using var stopFirst = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            var agents = new HttpAgents(cluster, HttpAgents.Fixed(used), TimeSpan.FromMilliseconds(250));
            var running = agents.RunAsync(stopFirst.Token);
            await AllReadyAsync(agents, nodes.Count, "on Fleet 0.1");
            // Ready is not quiet: Fleet 0.1 may still propose a release and take it back with an Assign. The baseline is
            // taken once two looks 30 s of EC2 time apart see every node ready and no new mutating call.
            var lastCalls = -1;
            bool Quiet((int Calls, int Ready) look)
            {
                var quiet = look.Ready == nodes.Count && look.Calls == lastCalls;
                lastCalls = look.Calls;
                return quiet;
            }

            var callsBefore = await Eventually.Until(
                async () => (Calls: MutatingCalls(await cluster.Emulator.TrailAsync()), agents.Ready), Quiet,
                "Fleet 0.1 quiet: every node ready and no mutating call between two looks", TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(30 / Compression));
            var before = Prefixes(agents);

            for (var i = 0; i < 3; i++)
            {
                var replacement = await cluster.AddSiloAsync();
                await cluster.Silos[i].StopAsync(); // graceful: its grains deactivate and come back on the others
                output.WriteLine($"silo {i} (Fleet {PreviousRelease.Fleet01}) replaced by silo {replacement.Index} of this build");
                await AllReadyAsync(agents, nodes.Count, $"after replacing silo {i}");
            }

            Assert.Equal(before, Prefixes(agents));
            var trail = await cluster.Emulator.TrailAsync();
            Assert.Equal(callsBefore.Calls, MutatingCalls(trail)); // moved nodes read EC2 again; none called it to change anything
            await stopFirst.CancelAsync();
            await running;

            // The upgraded cluster serves new demand from the state Fleet 0.1 wrote.
            using var stopSecond = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var more = new HttpAgents(cluster, HttpAgents.Fixed(used.ToDictionary(u => u.Key, u => u.Value + 40)), TimeSpan.FromMilliseconds(250));
            var second = more.RunAsync(stopSecond.Token);
            await AllReadyAsync(more, nodes.Count, "with 40 more pods each, on this build");
            await stopSecond.CancelAsync();
            await second;

            var state = await cluster.Emulator.StateAsync();
            Assert.Empty(Invariants.Check(state, ProcessCluster.ClusterName));
            Assert.DoesNotContain(await cluster.Emulator.TrailAsync(), t => t["outcome"]?.GetValue<string>() == "RequestLimitExceeded");
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private static Task AllReadyAsync(HttpAgents agents, int count, string phase) =>
        Eventually.Until(() => Task.FromResult(agents.Look()), look => look.Ready == count, $"all {count} nodes ready {phase}",
            TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(200));

    /// <summary>Each node's prefixes, as its agent last saw them.</summary>
    private static SortedDictionary<string, string> Prefixes(HttpAgents agents) => new(agents.Agents.ToDictionary(
        a => a.InstanceId,
        a => string.Join(",", (a.Allocation?.Enis ?? []).SelectMany(e => e.Prefixes).Order(StringComparer.Ordinal))),
        StringComparer.Ordinal);

    private static int MutatingCalls(IReadOnlyList<JsonObject> trail) =>
        trail.Count(t => t["action"]?.GetValue<string>() is { } action && !action.StartsWith("Describe", StringComparison.Ordinal)
            && action is not ("RunInstances" or "TerminateInstances"));
}
