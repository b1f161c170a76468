using System.Collections.Concurrent;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator.Options;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// One availability zone impaired in the middle of a scale-out (cilium #45686's shape), against a <see cref="AllocatorCluster"/>:
/// nodes in both zones warm up; then, with us-east-1a failing every call that touches it (503, or a 30 s hang and a
/// 503), every node scales out and new nodes join in both zones; the impairment is held for <see cref="Impairment"/>
/// of EC2 time and lifted; the nodes scale in and the janitor runs. Without <c>impair</c> the same run (same seed) is
/// the baseline. Pod wait is measured per node from its new demand to its node holding it (EC2 s); calls are Fleet's,
/// attributed to a zone by the ENI, instance or subnet they name.
/// </summary>
internal sealed class ZoneRun(AllocatorCluster cluster, ITestOutputHelper output)
{
    public const string ImpairedZone = "us-east-1a";
    public const string HealthyZone = "us-east-1b";

    /// <summary>How long (EC2 time) the zone stays impaired.</summary>
    public static readonly TimeSpan Impairment = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(120);
    private static readonly string[] CapacityActions = ["AssignPrivateIpAddresses", "CreateNetworkInterface", "AttachNetworkInterface"];
    private readonly ConcurrentDictionary<string, int> _refused = new(StringComparer.Ordinal);

    public sealed record Wait(double P50, double P99, double Max);

    public sealed record ZoneFigures(string Zone, bool Impaired, int Nodes, int CapacityCalls, int FailedCalls, Wait PodWait, double? RecoveredAfterSeconds);

    public sealed record Result(string Name, IReadOnlyList<ZoneFigures> Zones, int LeakedEnis, bool HealthyZoneDoneWhileImpaired, IReadOnlyList<string> Violations)
    {
        public ZoneFigures Zone(string zone) => Zones.Single(z => z.Zone == zone);
    }

    public async Task<Result> RunAsync(string name, bool impair, int seed)
    {
        var since = cluster.Region.Trail().LastOrDefault()?.Sequence ?? 0;
        var random = new Random(seed);
        var agents = new List<PodAgent>();
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var driving = new List<Task>();
        async Task<List<PodAgent>> LaunchAsync(int count)
        {
            var ids = cluster.Launch(count);
            var launched = new List<PodAgent>();
            for (var i = 0; i < ids.Count; i++)
            {
                zones[ids[i]] = i < (count + 1) / 2 ? ImpairedZone : HealthyZone; // Launch puts the first half in us-east-1a
                await cluster.Node(ids[i]).SetSpec(new NodeSpecDto { FirstInterfaceIndex = (agents.Count + launched.Count) % 2, PrefixDelegation = "on" });
                launched.Add(new PodAgent(ids[i], (seed * 1000) + agents.Count + launched.Count));
            }

            return launched;
        }

        void Join(List<PodAgent> joining)
        {
            agents.AddRange(joining);
            driving.AddRange(joining.Select(a => DriveAsync(a, stop.Token)));
        }

        var healthyDone = true;
        var settled = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        double? recovered = null;
        try
        {
            Join(await LaunchAsync(12));
            agents.ForEach(a => a.Desired = random.Next(10, 31));
            await SettleAsync("warm-up", agents, a => a.Settled);

            var joining = await LaunchAsync(8); // launched just before the zone fails; their agents report from the first moment of it
            if (impair)
            {
                cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions>
                {
                    // The emulator heals the zone on its own after Impairment of EC2 time (the fault table's For).
                    [$"zone:{ImpairedZone}"] = new()
                    {
                        Unavailable = new() { Probability = 0.5 }, Timeout = new() { Probability = 1, After = TimeSpan.FromSeconds(30) }, For = Impairment,
                    },
                });
            }

            var impairedAt = TimeProvider.System.GetTimestamp();
            Join(joining);
            foreach (var agent in agents)
            {
                agent.Desired = random.Next(40, 91);
            }

            var watching = WatchAsync(agents, impairedAt, settled, stop.Token);
            await SettleAsync("scale-out, healthy zone", [.. agents.Where(a => zones[a.InstanceId] == HealthyZone)], a => a.Settled);
            if (impair)
            {
                var elapsed = TimeProvider.System.GetElapsedTime(impairedAt);
                healthyDone = elapsed < Impairment / FaultCluster.Compression;
                foreach (var slow in agents.Where(a => zones[a.InstanceId] == HealthyZone && settled.GetValueOrDefault(a.InstanceId) > 30))
                {
                    var view = await cluster.Node(slow.InstanceId).GetView();
                    var calls = cluster.Region.Trail().Where(t => t.InstanceId == slow.InstanceId || view.Allocation.Enis.Any(e => e.EniId == t.NetworkInterfaceId))
                        .Select(t => $"{t.Time:HH:mm:ss.fff} {t.Action} {t.Outcome}");
                    output.WriteLine($"SLOW {slow.InstanceId} {settled[slow.InstanceId]:0.0} s: last error '{view.LastError}', calls [{string.Join(", ", view.Calls)}]; trail: {string.Join("; ", calls)}");
                }

                output.WriteLine($"healthy zone at target {elapsed.TotalSeconds * FaultCluster.Compression:0.0} EC2 s into the impairment; " +
                    $"impaired zone: {agents.Count(a => zones[a.InstanceId] == ImpairedZone && a.Settled)} of {agents.Count(a => zones[a.InstanceId] == ImpairedZone)} at target");
                // Recovery is measured from the moment the emulator healed the zone; the wait ends when the nodes settle.
                await SettleAsync("recovery, impaired zone", agents, a => a.Settled);
                var sinceHeal = TimeProvider.System.GetElapsedTime(impairedAt) - (Impairment / FaultCluster.Compression);
                recovered = Math.Max(sinceHeal.TotalSeconds, 0) * FaultCluster.Compression;
            }
            else
            {
                await SettleAsync("scale-out", agents, a => a.Settled);
            }

            await watching;
            agents.ForEach(a => a.Desired = random.Next(0, 9));
            await SettleAsync("scale-in", agents, a => a.Settled && a.Lean);
            await Eventually.Until(async () =>
                {
                    await cluster.Janitor.RunPass();
                    return Ec2State.From(cluster.Region.Snapshot()).FleetEnis(FaultCluster.ClusterName).Count(e => e.AttachedTo is null);
                },
                detached => detached == 0, "the janitor deletes every detached ENI of the cluster", PhaseTimeout, TimeSpan.FromMilliseconds(250));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(driving);
        }

        return Collect(name, impair, agents, zones, settled, recovered, healthyDone, since);
    }

    private async Task DriveAsync(PodAgent agent, CancellationToken stop)
    {
        var node = cluster.Node(agent.InstanceId);
        await Cadence.EveryAsync(TimeSpan.FromMilliseconds(100), async () =>
        {
            try
            {
                var result = await node.ReportDemand(agent.NextReport());
                agent.Observe(result.Allocation);
                if (result.Outcome is not (DemandOutcome.Accepted or DemandOutcome.Ec2Unavailable))
                {
                    _refused.AddOrUpdate($"{result.Outcome}: {result.Detail}", 1, (_, n) => n + 1);
                }
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                // transient: the agent reports again
            }
        }, stop);
    }

    /// <summary>Records, per agent, the EC2 seconds from <paramref name="since"/> until it first holds its new demand.</summary>
    private static async Task WatchAsync(List<PodAgent> agents, long since, ConcurrentDictionary<string, double> settled, CancellationToken stop)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
        await Cadence.EveryAsync(TimeSpan.FromMilliseconds(20), async () =>
        {
            foreach (var agent in agents.Where(a => a.Settled && !settled.ContainsKey(a.InstanceId)))
            {
                settled[agent.InstanceId] = TimeProvider.System.GetElapsedTime(since).TotalSeconds * FaultCluster.Compression;
            }

            if (settled.Count == agents.Count)
            {
                await done.CancelAsync();
            }
        }, done.Token);
    }

    private async Task SettleAsync(string phase, IReadOnlyList<PodAgent> agents, Func<PodAgent, bool> done)
    {
        try
        {
            await Eventually.Until(() => Task.FromResult(agents.Count(done)), n => n == agents.Count, phase, PhaseTimeout, TimeSpan.FromMilliseconds(20));
        }
        catch (TimeoutException)
        {
            var stuck = await Task.WhenAll(agents.Where(a => !done(a)).Take(4).Select(async a =>
            {
                var view = await cluster.Node(a.InstanceId).GetView();
                return $"{a.InstanceId} wants {a.Desired}, agent saw {a.Allocation?.Status} v{a.Allocation?.Version}; node: {view.Allocation.Status} v{view.Allocation.Version} " +
                    $"used {view.Allocation.Used} available {view.Allocation.Available}, pending work '{view.PendingWork}', intent '{view.PendingIntent}', last error '{view.LastError}'";
            }));
            throw new TimeoutException($"{phase}: {agents.Count(done)} of {agents.Count} nodes settled; not yet: {string.Join(" | ", stuck)}");
        }
    }

    private Result Collect(string name, bool impair, List<PodAgent> agents, Dictionary<string, string> zones, ConcurrentDictionary<string, double> settled,
        double? recovered, bool healthyDone, long since)
    {
        var snapshot = cluster.Region.Snapshot();
        var state = Ec2State.From(snapshot);
        var subnetZone = snapshot.Subnets.ToDictionary(s => s.SubnetId, s => s.AvailabilityZone, StringComparer.Ordinal);
        var trail = cluster.Region.Trail().Where(t => t.Sequence > since && ChurnRun.IsFleet(t.Client)).ToList();
        var eniZone = snapshot.NetworkInterfaces.ToDictionary(n => n.NetworkInterfaceId, n => subnetZone[n.SubnetId], StringComparer.Ordinal);
        foreach (var created in trail.Where(t => t.Action == "CreateNetworkInterface" && t.NetworkInterfaceId is not null && t.SubnetId is not null))
        {
            eniZone.TryAdd(created.NetworkInterfaceId!, subnetZone[created.SubnetId!]);
        }

        string? ZoneOf(Fleet.Ec2.Emulator.TrailEntry t) =>
            t.NetworkInterfaceId is { } eni && eniZone.TryGetValue(eni, out var z) ? z
            : t.InstanceId is { } i && zones.TryGetValue(i, out var zi) ? zi
            : t.SubnetId is { } s && subnetZone.TryGetValue(s, out var zs) ? zs
            : null;

        var figures = new List<ZoneFigures>();
        foreach (var zone in new[] { HealthyZone, ImpairedZone })
        {
            var mine = trail.Where(t => ZoneOf(t) == zone).ToList();
            var waits = agents.Where(a => zones[a.InstanceId] == zone).Select(a => settled.GetValueOrDefault(a.InstanceId, double.NaN)).Order().ToList();
            figures.Add(new ZoneFigures(zone, impair && zone == ImpairedZone, waits.Count,
                mine.Count(t => CapacityActions.Contains(t.Action) && t.Outcome == "OK"), mine.Count(t => t.Outcome != "OK"),
                new Wait(Quantile(waits, 0.5), Quantile(waits, 0.99), waits.Max()), impair && zone == ImpairedZone ? recovered : null));
        }

        var alive = agents.ToDictionary(a => a.InstanceId, a => a.InUse);
        var violations = Invariants.Check(state, FaultCluster.ClusterName, alive, afterJanitor: true);
        violations.AddRange(Invariants.Targets(state, agents.Select(a => a.Allocation!), id => agents.FindIndex(a => a.InstanceId == id) % 2));
        violations.AddRange(_refused.Select(r => $"refused {r.Value}×: {r.Key}"));
        var result = new Result(name, figures, state.FleetEnis(FaultCluster.ClusterName).Count(e => e.AttachedTo is null), healthyDone, violations);
        foreach (var z in figures)
        {
            output.WriteLine($"[{name}] {z.Zone}{(z.Impaired ? " (impaired)" : "")}: {z.Nodes} nodes, capacity calls {z.CapacityCalls}, failed calls {z.FailedCalls}, " +
                $"pod wait p50 {z.PodWait.P50:0.0} / p99 {z.PodWait.P99:0.0} / max {z.PodWait.Max:0.0} EC2 s{(z.RecoveredAfterSeconds is { } r ? $", at target {r:0.0} EC2 s after the zone returned" : "")}");
        }

        violations.Take(10).ToList().ForEach(v => output.WriteLine("VIOLATION " + v));
        return result;
    }

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
