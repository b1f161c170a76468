using System.Collections.Concurrent;
using Fleet.Abstractions.Messages;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// One churn scenario against a <see cref="AllocatorCluster"/>: nodes join and scale out (half of them on ENIs Fleet must
/// create and attach), scale in (the release handshake gives prefixes back), four instances are terminated while the
/// rest scale out again, then the janitor cleans up. Agents report through the Orleans client every 100 ms. EC2 is
/// sampled throughout; at the end every invariant is checked against EC2's state and trail.
/// </summary>
internal sealed class ChurnRun(AllocatorCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(120);

    /// <summary>A call slower than 1 s of EC2 time (ten times a typical median) counts as a latency spike.</summary>
    private static readonly double SpikeMs = 1000 / FaultCluster.Compression;
    private readonly ConcurrentDictionary<string, int> _refusals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _firstRefusal = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _terminated = new(StringComparer.Ordinal);
    private long _refusedRunning;
    private long _reports;
    private long _failed;

    public async Task<RunFigures> RunAsync(string name, string test, int nodes, int seed, Func<CancellationToken, Task<long>>? neighbour = null)
    {
        var since = cluster.Region.Trail().LastOrDefault()?.Sequence ?? 0;
        var ids = cluster.Launch(nodes);
        var random = new Random(seed);
        var agents = ids.Select((id, i) => new PodAgent(id, seed * 1000 + i)).ToList();
        await Task.WhenAll(ids.Select((id, i) => cluster.Node(id).SetSpec(new NodeSpecDto { FirstInterfaceIndex = i % 2, PrefixDelegation = "on" })));
        using var stop = new CancellationTokenSource();
        var watch = new InUseWatch(() => Task.FromResult(Ec2State.From(cluster.Region.Snapshot())), agents, FaultCluster.ClusterName);
        var watching = watch.RunAsync(TimeSpan.FromMilliseconds(250), stop.Token);
        var spending = neighbour?.Invoke(stop.Token) ?? Task.FromResult(0L);
        var driving = Task.WhenAll(agents.Select(a => DriveAsync(a, stop.Token)));
        var phases = new List<double>();
        try
        {
            phases.Add(await PhaseAsync("scale-out", agents, a => a.Desired = random.Next(20, 61), a => a.Settled));
            phases.Add(await PhaseAsync("scale-in", agents, a => a.Desired = random.Next(0, 9), a => a.Settled && a.Lean));
            var gone = agents.TakeLast(4).ToList();
            gone.ForEach(a => _terminated[a.InstanceId] = true);
            cluster.Region.TerminateInstances(new Fleet.Ec2.Emulator.TerminateInstancesRequest([.. gone.Select(a => a.InstanceId)]));
            gone.ForEach(a => a.Stop());
            var alive = agents.Except(gone).ToList();
            phases.Add(await PhaseAsync("churn", alive, a => a.Desired = random.Next(30, 91), a => a.Settled));
            phases.Add(await JanitorAsync());
        }
        finally
        {
            await stop.CancelAsync();
            await driving;
            await watching;
        }

        var neighbourCalls = await spending;
        var figures = Collect(name, agents, watch, since, phases, neighbourCalls) with { Test = test };
        Figures.Write($"ec2-faults-{test}", figures);
        return figures;
    }

    private async Task DriveAsync(PodAgent agent, CancellationToken stop)
    {
        var node = cluster.Node(agent.InstanceId);
        await Cadence.EveryAsync(TimeSpan.FromMilliseconds(100), async () =>
        {
            try
            {
                var result = await node.ReportDemand(agent.NextReport());
                Interlocked.Increment(ref _reports);
                agent.Observe(result.Allocation);
                if (result.Outcome == DemandOutcome.Ec2Unavailable)
                {
                    Interlocked.Increment(ref _failed); // transient: the agent reports again
                }
                else if (result.Outcome != DemandOutcome.Accepted)
                {
                    // EC2 terminated this instance (the test did): UnknownInstance is the right answer to its agent.
                    if (!(result.Outcome == DemandOutcome.UnknownInstance && _terminated.ContainsKey(agent.InstanceId)))
                    {
                        Interlocked.Increment(ref _refusedRunning);
                    }

                    _refusals.AddOrUpdate(result.Outcome.ToString(), 1, (_, n) => n + 1);
                    _firstRefusal.TryAdd(result.Outcome.ToString(), $"{agent.InstanceId}{(_terminated.ContainsKey(agent.InstanceId) ? " (terminated)" : "")}: {result.Detail}");
                }
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                Interlocked.Increment(ref _failed);
            }
        }, stop);
    }

    /// <summary>Sets each agent's demand and waits until every one is done; answers the EC2-equivalent seconds it took.</summary>
    private async Task<double> PhaseAsync(string phase, IReadOnlyList<PodAgent> agents, Action<PodAgent> demand, Func<PodAgent, bool> done)
    {
        var start = TimeProvider.System.GetTimestamp();
        foreach (var agent in agents)
        {
            demand(agent);
        }

        await Eventually.Until(() => Task.FromResult(agents.Count(done)), n => n == agents.Count,
            $"{phase}: all {agents.Count} nodes settled; not yet: {string.Join(", ", agents.Where(a => !done(a)).Take(5).Select(Describe))}",
            PhaseTimeout, TimeSpan.FromMilliseconds(100));
        var seconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds * FaultCluster.Compression;
        output.WriteLine($"{phase}: settled after {seconds:0.0} s EC2 time");
        return seconds;
    }

    /// <summary>Drives janitor passes until no ENI of the cluster is detached; answers the EC2-equivalent seconds.</summary>
    private async Task<double> JanitorAsync()
    {
        var start = TimeProvider.System.GetTimestamp();
        await Eventually.Until(async () =>
            {
                await cluster.Janitor.RunPass();
                return Ec2State.From(cluster.Region.Snapshot()).FleetEnis(FaultCluster.ClusterName).Count(e => e.AttachedTo is null);
            },
            detached => detached == 0, "the janitor deletes every detached ENI of the cluster", PhaseTimeout, TimeSpan.FromMilliseconds(250));
        return TimeProvider.System.GetElapsedTime(start).TotalSeconds * FaultCluster.Compression;
    }

    private RunFigures Collect(string name, List<PodAgent> agents, InUseWatch watch, long since, List<double> phases, long neighbourCalls)
    {
        var state = Ec2State.From(cluster.Region.Snapshot());
        var alive = agents.Where(a => state.InstanceStates[a.InstanceId] == "running").ToList();
        var violations = Invariants.Check(state, FaultCluster.ClusterName, alive.ToDictionary(a => a.InstanceId, a => a.InUse), afterJanitor: true);
        var targets = Invariants.Targets(state, alive.Select(a => a.Allocation!), id => agents.FindIndex(a => a.InstanceId == id) % 2);
        violations.AddRange(targets);
        var trail = cluster.Region.Trail().Where(t => t.Sequence > since).ToList();
        var (calls, throttled) = Invariants.Budget(trail.Select(t => (t.Client, t.Outcome)), IsFleet);
        var fleet = trail.Where(t => IsFleet(t.Client)).ToList();
        var faults = fleet.Where(t => t.Outcome is "InternalError" or "Unavailable" || t.ResponseLost || t.Outcome.EndsWith(".NotFound", StringComparison.Ordinal))
            .GroupBy(t => t.ResponseLost ? "ResponseLost" : t.Outcome).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var spikes = fleet.Count(t => t.LatencyMs >= SpikeMs);
        if (spikes > 0)
        {
            faults["LatencySpike"] = spikes;
        }

        var figures = new RunFigures
        {
            Name = name,
            Nodes = agents.Count,
            Terminated = agents.Count - alive.Count,
            Reports = _reports,
            FailedReports = _failed,
            Refused = _refusedRunning,
            Evicted = agents.Sum(a => a.Evicted),
            ReleasedInUse = watch.ReleasedInUse.Count + violations.Count(v => v.Contains("is no longer assigned", StringComparison.Ordinal)),
            Duplicates = watch.Duplicates.Count,
            Leaked = state.FleetEnis(FaultCluster.ClusterName).Count(e => e.AttachedTo is null),
            NotAtTarget = targets.Count,
            FleetCalls = calls,
            Throttled = throttled,
            Faults = faults,
            PhaseSeconds = phases,
            EnisCreated = fleet.Where(t => t.Action == "CreateNetworkInterface" && t.Outcome == "OK").Select(t => t.NetworkInterfaceId).Distinct(StringComparer.Ordinal).Count(),
            EnisDeleted = fleet.Count(t => t.Action == "DeleteNetworkInterface" && t.Outcome == "OK"),
            NeighbourCalls = neighbourCalls,
            Samples = watch.Samples,
            Violations = [.. violations, .. watch.ReleasedInUse.Select(r => $"released in use: {r}"), .. watch.Duplicates],
        };
        output.WriteLine(figures.Summary());
        output.WriteLine("refused reports: " + string.Join(", ", _refusals.Select(r => $"{r.Key} {r.Value} (first: {_firstRefusal.GetValueOrDefault(r.Key)})")));
        foreach (var group in fleet.GroupBy(t => (t.Action, t.Outcome)).OrderBy(g => g.Key.Action, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key.Action} {group.Key.Outcome}: {group.Count()}");
        }

        foreach (var violation in figures.Violations.Take(20))
        {
            output.WriteLine("VIOLATION " + violation);
        }

        return figures;
    }

    /// <summary>Fleet's calls: those of its AWSSDK.EC2 client (the trail's client is the User-Agent's first token).</summary>
    public static bool IsFleet(string? client) => client?.StartsWith("aws-sdk-dotnet", StringComparison.Ordinal) == true;

    private static string Describe(PodAgent a) =>
        $"{a.InstanceId} wants {a.Desired}: {a.Allocation?.Status} used {a.Allocation?.Used} pending {a.Allocation?.Pending} available {a.Allocation?.Available} release [{string.Join(",", a.Allocation?.ProposedRelease ?? [])}] '{a.Allocation?.Detail}'";
}
