using System.Diagnostics;
using Fleet.Abstractions.Grains;
using Fleet.Grains.Mapping;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Simulation.Live;

/// <summary>
/// Runs Fleet for real through one scenario: the emulator over HTTP, N silos running the allocator with the real
/// AWSSDK.EC2 client, one agent per node, the scenario replayed in wall time compressed by c; then the same figures
/// as the discrete-event engine (pod waits by the same definition, calls from the emulator's trail), and what only a
/// live run can measure (Fleet's memory per node, the end state against EC2, a silo's death).
/// </summary>
public static partial class LiveRun
{
    private static readonly TimeSpan SettlePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the <c>fleet</c> policy live; <paramref name="progress"/> gets the fraction of scenario time replayed.</summary>
    public static async Task<(PolicyResult Result, LiveFigures Live)> ExecuteAsync(
        Scenario scenario, LiveOptions options, int seed, Action<double>? progress = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        var problems = LiveBenchmark.Problems(scenario, options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var logger = loggers?.CreateLogger("Fleet.Simulation.Live") ?? NullLogger.Instance;
        var loop = new EventLoop(seed);
        var clock = new ScenarioClock(loop, options.Compression);
        await using var region = await LiveRegion.StartAsync(scenario, seed, options.Compression, cancellationToken);
        await using var cluster = await LiveCluster.StartAsync(options.Silos, AllocatorConfig.For(region.Server.BaseAddress, options, scenario.ReleaseExcess), loggers, cancellationToken);
        LogStarted(logger, scenario.Name, scenario.Nodes.Length, options.Silos, options.Compression, region.Server.BaseAddress);

        var recorder = new RunRecorder(loop, loop.Now, perNode: scenario.Nodes.Length <= 16);
        var state = new LiveState(clock, recorder, logger);
        var observer = new AllocationObserver(state);
        state.Observe(observer, cluster.Client.CreateObjectReference<INodeObserver>(observer));
        var layout = scenario.Layout;
        var nodes = scenario.Nodes
            .Select(p => new SimNode(p, region.InstanceIds[p.Index], layout.Subnets[p.Subnet].Id, layout.Subnets[p.Subnet].AvailabilityZone, RegionSetup.Limits(p), recorder))
            .ToArray();
        foreach (var node in nodes)
        {
            state.Add(new LiveAgent(state, node, cluster.Node(node.InstanceId), options.AgentTimeout));
        }

        // The spec is the node's before it joins, as in the simulator (set-up: no EC2 call).
        await Task.WhenAll(nodes.Select(n => cluster.Node(n.InstanceId).SetSpec(n.Spec.ToDto())));

        var trail = new TrailReader(region.Region, recorder, scenario.Nodes.Length <= 16);
        var killAt = options.KillAt ?? scenario.SiloDiesAt;
        var killer = killAt is null ? null : new SiloKiller(cluster, state, silo: 1);

        var driver = new LiveDriver(state, region, trail, scenario, nodes);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        clock.StartNow();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = driver.SampleAsync(sampling.Token);
        await driver.ReplayAsync(LiveTimeline.Build(scenario, killAt), () => killer!.KillAsync(), progress, cancellationToken);
        var settledAt = await SettleAsync(state, region, trail, scenario, options, cancellationToken);
        var wall = clock.WallElapsed;
        await sampling.CancelAsync();
        await sampler;
        driver.SampleSteadyStateToEnd();
        lock (state.Gate)
        {
            state.Close();
            foreach (var node in nodes)
            {
                node.Finish();
            }
        }

        process.Refresh();
        var cost = new CostFigures(Math.Round((process.TotalProcessorTime - cpu).TotalSeconds, 2), null, Math.Round(wall.TotalSeconds, 2), driver.Lateness.Count);
        progress?.Invoke(1);
        var checks = await EndState.CheckAsync(region.Region, [.. state.Agents.Values]);
        var memory = await MemoryProbe.MeasureAsync(cluster, nodes.Length);
        var leaked = region.Region.Snapshot().NetworkInterfaces.Count(n => n.Attachment is null && !RegionSetup.IsScenarios(n));
        var result = PolicyRun.Collect("fleet", "live", recorder, nodes, leaked, driver.AboveMean, cost with { MemoryPerNodeBytes = memory.PerNodeBytes });
        var live = new LiveFigures(
            options.Compression,
            options.Silos,
            options.ArrivalJitter.TotalSeconds,
            Math.Round(settledAt.TotalSeconds, 1),
            Math.Round(wall.TotalSeconds, 2),
            Lateness(driver.Lateness),
            state.Reports,
            state.Failures,
            memory,
            checks,
            killer?.Figures);
        LogFinished(logger, scenario.Name, settledAt.TotalSeconds, wall.TotalSeconds);
        return (result, live);
    }

    /// <summary>
    /// After the last event: waits until no pod waits, Fleet has made no EC2 call for the quiet period, and every active
    /// node's grain reports Ready with no release proposed; or until the scenario's end. Answers the scenario time it
    /// settled at. A proposed release is not yet steady: it is made after the release delay (180 s), longer than the
    /// quiet period, with no EC2 call of the node's meanwhile, so a quiet Fleet is no sign that it is done; a run that
    /// ended there would sample the excess as held to the scenario's end.
    /// </summary>
    private static async Task<TimeSpan> SettleAsync(LiveState state, LiveRegion region, TrailReader trail, Scenario scenario, LiveOptions options, CancellationToken cancellationToken)
    {
        while (true)
        {
            await ScenarioClock.DelayAsync(SettlePoll, cancellationToken);
            List<LiveAgent> active;
            lock (state.Gate)
            {
                state.Clock.Sync();
                trail.Read();
                if (state.Recorder.Now >= scenario.Duration)
                {
                    return state.Recorder.Now;
                }

                var quietFor = trail.LastFleetCall is { } last ? (region.Region.Time.GetUtcNow() - last) * options.Compression : state.Recorder.Now;
                active = [.. state.Agents.Values.Where(a => a.Node.Active)];
                if (active.Any(a => a.Node.Waiting > 0) || quietFor < options.EffectiveQuietFor)
                {
                    continue;
                }
            }

            await Task.WhenAll(active.Select(a => a.ReadAsync()));
            lock (state.Gate)
            {
                if (active.All(a => a.Status == Abstractions.Messages.NodeStatus.Ready && !a.ReleasePending))
                {
                    state.Clock.Sync();
                    return state.Recorder.Now;
                }
            }
        }
    }

    private static LatenessFigures Lateness(IReadOnlyList<double> late)
    {
        var sorted = late.Select(l => (float)Math.Max(l, 0)).ToArray();
        Array.Sort(sorted);
        return new LatenessFigures(Percentiles.Rank(sorted, 0.5), Percentiles.Rank(sorted, 0.99), sorted.Length == 0 ? 0 : Math.Round(sorted[^1], 3));
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "Live run of {Scenario}: {Nodes} nodes, {Silos} silo(s), time compressed {Compression}×, emulator at {Emulator}")]
    private static partial void LogStarted(ILogger logger, string scenario, int nodes, int silos, double compression, Uri emulator);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Live run of {Scenario} settled at {Settled:0.0} s of scenario time ({Wall:0.0} s wall)")]
    private static partial void LogFinished(ILogger logger, string scenario, double settled, double wall);
}
