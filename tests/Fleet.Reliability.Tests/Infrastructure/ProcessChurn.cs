using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// A churn run against Fleet as it runs in production: Redis, the emulator and silo processes (a
/// <see cref="ProcessCluster"/>), agents over HTTP. A process fault is applied mid-burst, as soon as the first node is at
/// its target; then every node must get there, scale in through the release handshake, and the janitor must leave no
/// detached ENI. EC2's state is sampled throughout; the invariants are checked at the end.
/// </summary>
internal sealed class ProcessChurn(ProcessCluster cluster, ITestOutputHelper output)
{
    public const double Compression = 10;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(150);

    /// <summary>Two silo processes with time compressed 10×, a 1 s release delay and janitor window.</summary>
    public static Task<ProcessCluster> StartClusterAsync() => ProcessCluster.StartAsync(2, ProcessRegion.Config(Compression),
        $"--Fleet:Throttle:TimeScale={Compression}", "--Fleet:Throttle:ArrivalJitter=00:00:05", "--Fleet:Allocator:IndexRefresh=00:00:02",
        "--Fleet:Allocator:ReleaseDelay=00:00:01", "--Fleet:Allocator:JanitorInterval=00:00:01", "--Fleet:Allocator:TickInterval=00:00:00.250",
        "--Fleet:Allocator:BackoffBase=00:00:00.250", "--Fleet:Allocator:BackoffMax=00:00:04");

    public async Task<RunFigures> RunAsync(string name, int nodes, Func<HttpAgents, Task> fault, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var since = (await cluster.Emulator.TrailAsync()).Count;
        var ids = (await cluster.Emulator.RunInstancesAsync((nodes + 1) / 2, ProcessRegion.SubnetA))
            .Concat(await cluster.Emulator.RunInstancesAsync(nodes / 2, ProcessRegion.SubnetB)).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            using var spec = await cluster.Silos[0].Http.PutAsJsonAsync($"api/v1/nodes/{ids[i]}/spec", new { firstInterfaceIndex = i % 2, prefixDelegation = "on" });
            Assert.True(spec.IsSuccessStatusCode, await spec.Content.ReadAsStringAsync());
        }

        var random = new Random(5);
        var agents = ids.Select((id, i) => new PodAgent(id, 500 + i)).ToList();
        var http = new HttpAgents(cluster, agents);
        var watch = new InUseWatch(cluster.Emulator.StateAsync, agents, ProcessCluster.ClusterName);
        using var stop = new CancellationTokenSource();
        var running = http.RunAsync(stop.Token);
        var watching = watch.RunAsync(TimeSpan.FromMilliseconds(500), stop.Token);
        var phases = new List<double>();
        DateTimeOffset faultAt;
        double recover;
        var struck = 0;
        try
        {
            var start = TimeProvider.System.GetTimestamp();
            agents.ForEach(a => a.Desired = random.Next(20, 111));
            await Eventually.Until(() => Task.FromResult(agents.Count(a => a.Settled)), n => n >= 1, "the first node at target: the burst is under way", PhaseTimeout, TimeSpan.FromMilliseconds(20));
            faultAt = TimeProvider.System.GetUtcNow();
            struck = agents.Count(a => a.Settled);
            output.WriteLine($"fault applied with {struck} of {nodes} nodes at target");
            await fault(http);
            await WaitAsync("scale-out after the fault", agents, a => a.Settled);
            recover = ((http.RecoveredAt(faultAt) ?? TimeProvider.System.GetUtcNow()) - faultAt).TotalSeconds;
            phases.Add(TimeProvider.System.GetElapsedTime(start).TotalSeconds * Compression);
            start = TimeProvider.System.GetTimestamp();
            agents.ForEach(a => a.Desired = random.Next(0, 9));
            await WaitAsync("scale-in", agents, a => a.Settled && a.Lean);
            phases.Add(TimeProvider.System.GetElapsedTime(start).TotalSeconds * Compression);
            start = TimeProvider.System.GetTimestamp();
            await Eventually.Until(async () => (await cluster.Emulator.StateAsync()).FleetEnis(ProcessCluster.ClusterName).Count(e => e.AttachedTo is null),
                n => n == 0, "the janitor leaves no detached ENI of the cluster", PhaseTimeout, TimeSpan.FromMilliseconds(250));
            phases.Add(TimeProvider.System.GetElapsedTime(start).TotalSeconds * Compression);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await watching;
        }

        var figures = await CollectAsync(name, agents, http, watch, since, phases, faultAt, recover) with { Test = test, AtTargetWhenStruck = struck };
        Figures.Write($"process-faults-{test}", figures);
        return figures;
    }

    private async Task WaitAsync(string phase, List<PodAgent> agents, Func<PodAgent, bool> done) =>
        await Eventually.Until(() => Task.FromResult(agents.Count(done)), n => n == agents.Count,
            $"{phase}: all {agents.Count} nodes; not yet: {string.Join(", ", agents.Where(a => !done(a)).Take(3).Select(a => $"{a.InstanceId} wants {a.Desired}: {a.Allocation?.Status} v{a.Allocation?.Version} used {a.Allocation?.Used} pending {a.Allocation?.Pending} release [{string.Join(",", a.Allocation?.ProposedRelease ?? [])}] '{a.Allocation?.Detail}'"))}",
            PhaseTimeout, TimeSpan.FromMilliseconds(100));

    private async Task<RunFigures> CollectAsync(string name, List<PodAgent> agents, HttpAgents http, InUseWatch watch, int since, List<double> phases, DateTimeOffset faultAt, double recover)
    {
        var state = await cluster.Emulator.StateAsync();
        var violations = Invariants.Check(state, ProcessCluster.ClusterName, agents.ToDictionary(a => a.InstanceId, a => a.InUse), afterJanitor: true);
        var targets = Invariants.Targets(state, agents.Select(a => a.Allocation!), id => agents.FindIndex(a => a.InstanceId == id) % 2);
        violations.AddRange(targets);
        var trail = (await cluster.Emulator.TrailAsync()).Skip(since).ToList();
        string? Text(System.Text.Json.Nodes.JsonObject t, string key) => t[key]?.GetValue<string>();
        var (calls, throttled) = Invariants.Budget(trail.Select(t => (Text(t, "client"), Text(t, "outcome") ?? "")), ChurnRun.IsFleet);
        var fleet = trail.Where(t => ChurnRun.IsFleet(Text(t, "client"))).ToList();
        var figures = new RunFigures
        {
            Name = name,
            Nodes = agents.Count,
            Reports = http.Reports.Count,
            FailedReports = http.Reports.Count(r => r.Status != 200),
            Refused = http.Reports.Count(r => r.Status is >= 400 and < 500),
            Evicted = agents.Sum(a => a.Evicted),
            ReleasedInUse = watch.ReleasedInUse.Count + violations.Count(v => v.Contains("is no longer assigned", StringComparison.Ordinal)),
            Duplicates = watch.Duplicates.Count,
            Leaked = state.FleetEnis(ProcessCluster.ClusterName).Count(e => e.AttachedTo is null),
            NotAtTarget = targets.Count,
            FleetCalls = calls,
            Throttled = throttled,
            PhaseSeconds = phases,
            EnisCreated = fleet.Where(t => Text(t, "action") == "CreateNetworkInterface" && Text(t, "outcome") == "OK").Select(t => Text(t, "networkInterfaceId")).Distinct().Count(),
            EnisDeleted = fleet.Count(t => Text(t, "action") == "DeleteNetworkInterface" && Text(t, "outcome") == "OK"),
            Samples = watch.Samples,
            RecoverSeconds = recover,
            Violations = [.. violations, .. watch.ReleasedInUse.Select(r => $"released in use: {r}"), .. watch.Duplicates],
        };
        output.WriteLine(figures.Summary());
        output.WriteLine($"failed reports after the fault: {http.Reports.Count(r => r.At >= faultAt && r.Status != 200)}; every agent served again {recover:0.00} s (wall) after the fault; " +
            $"Fleet ENIs now {state.FleetEnis(ProcessCluster.ClusterName).Count()}, all attached to their node");
        foreach (var violation in figures.Violations.Take(20))
        {
            output.WriteLine("VIOLATION " + violation);
        }

        return figures;
    }
}
