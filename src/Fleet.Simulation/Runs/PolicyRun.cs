using System.Collections.Immutable;
using System.Diagnostics;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Policies;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Runs one policy through one scenario in the discrete-event engine: a fresh emulator region built from the
/// scenario and seed (so policies never interfere), the scenario's joins, pod arrivals and departures and leaves
/// replayed at their scenario times, the policy reacting, and the figures collected at the end.
/// </summary>
public static class PolicyRun
{
    /// <summary>Runs <paramref name="policy"/> through <paramref name="scenario"/>; <paramref name="progress"/> gets the fraction done.</summary>
    public static PolicyResult Execute(Scenario scenario, IPolicy policy, int seed, Action<double>? progress = null)
    {
        using var batch = BatchCollection.Enter();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = TimeProvider.System.GetTimestamp();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var loop = new EventLoop(seed);
        var region = new Ec2Region(RegionSetup.Options(scenario, seed), loop.Clock);
        var ids = RegionSetup.Prepare(region, loop, scenario);
        var start = loop.Now;
        var recorder = new RunRecorder(loop, start, perNode: scenario.Nodes.Length <= 16)
        {
            Cohorts = CohortRecorder.For(scenario, ids),
            NodeClusters = scenario.ClusterWeights.Count > 1
                ? scenario.Nodes.Where(n => n.Spec.Cluster is not null).ToDictionary(n => ids[n.Index], n => n.Spec.Cluster!, StringComparer.Ordinal)
                : null,
        };
        var link = new Ec2Link(region, loop, recorder, policy.Name);
        var layout = scenario.Layout;
        var nodes = scenario.Nodes
            .Select(p => new SimNode(p, ids[p.Index], layout.Subnets[p.Subnet].Id, layout.Subnets[p.Subnet].AvailabilityZone, RegionSetup.Limits(p), recorder))
            .ToArray();

        policy.Start(new PolicyContext(link, scenario, nodes));
        foreach (var node in nodes)
        {
            loop.At(start + node.Plan.JoinAt, () => Join(policy, node, loop, start));
            if (node.Plan.LeaveAt is { } leave)
            {
                loop.At(start + leave, () => Leave(policy, node, region, loop));
            }
        }

        if (scenario.Neighbour is { } load)
        {
            Neighbour.Start(region, loop, layout.Subnets[^1].Id, load);
        }

        var interval = TimeSpan.FromTicks(Math.Max(scenario.Duration.Ticks / 720, TimeSpan.TicksPerSecond));
        long aboveSum = 0;
        var samples = 0;
        void Sample()
        {
            var above = AboveTarget(nodes);
            aboveSum += above;
            samples++;
            recorder.Sample(above);
            recorder.Cohorts?.Sample(nodes);
            if (loop.Now + interval <= start + scenario.Duration)
            {
                loop.After(interval, Sample);
            }
        }

        loop.At(start, Sample);
        loop.Run(start + scenario.Duration, t => progress?.Invoke(Math.Min((t - start) / scenario.Duration, 1)));
        foreach (var node in nodes)
        {
            node.Finish();
        }

        var leaked = region.Snapshot().NetworkInterfaces.Count(n => n.Attachment is null && !RegionSetup.IsScenarios(n));
        var cost = new CostFigures(
            Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, 2),
            null,
            Math.Round(TimeProvider.System.GetElapsedTime(wall).TotalSeconds, 2),
            loop.Processed,
            GC.GetTotalAllocatedBytes(precise: true) - allocated);
        return Collect(policy.Name, "sim", recorder, nodes, leaked, samples == 0 ? 0 : (double)aboveSum / samples, cost);
    }

    private static void Join(IPolicy policy, SimNode node, EventLoop loop, TimeSpan start)
    {
        node.Active = true;
        policy.OnJoined(node);
        new PodCursor(policy, node, loop, start).ScheduleNext();
    }

    private static void Leave(IPolicy policy, SimNode node, Ec2Region region, EventLoop loop)
    {
        node.Leave();
        policy.OnLeft(node);
        Terminate(region, loop, node.InstanceId);
    }

    private static void Terminate(Ec2Region region, EventLoop loop, string instanceId)
    {
        var answer = region.TerminateInstances(new TerminateInstancesRequest([instanceId]), new CallContext("scenario"));
        if (answer.Error is { IsThrottling: true })
        {
            loop.After(TimeSpan.FromSeconds(1), () => Terminate(region, loop, instanceId));
        }
    }

    /// <summary>Addresses held above the active nodes' watermarks now.</summary>
    internal static long AboveTarget(SimNode[] nodes)
    {
        long above = 0;
        foreach (var node in nodes)
        {
            if (node.Active)
            {
                above += Math.Max(node.Capacity - node.Desired, 0);
            }
        }

        return above;
    }

    /// <summary>The figures of a finished run (either engine).</summary>
    internal static PolicyResult Collect(string policy, string engine, RunRecorder recorder, SimNode[] nodes, int leaked, double aboveMean, CostFigures cost)
    {
        var calls = recorder.ByAction.ToImmutableSortedDictionary(
            a => a.Key, a => new CallFigures(a.Value.Sent, a.Value.Ok, a.Value.Throttled, a.Value.Failed), StringComparer.Ordinal);
        var capacity = Ok(calls, Ec2Action.AssignPrivateIpAddresses) + Ok(calls, Ec2Action.CreateNetworkInterface) + Ok(calls, Ec2Action.AttachNetworkInterface);
        var perNode = nodes.Length > 16
            ? []
            : nodes.Select(n => recorder.ByNode.TryGetValue(n.InstanceId, out var c)
                    ? new NodeFigures(n.InstanceId, n.Spec.FirstInterfaceIndex, c.Critical, c.Housekeeping, c.Reads, [.. c.Actions], n.Capacity)
                    : new NodeFigures(n.InstanceId, n.Spec.FirstInterfaceIndex, 0, 0, 0, [], n.Capacity))
                .ToImmutableArray();
        var clusters = recorder.ByCluster.Select(c => new ClusterFigures(c.Key, nodes.Count(n => n.Plan.Spec.Cluster == c.Key), c.Value.CapacityCalls,
            c.Value.Throttled, Percentiles.Of(c.Value.Waits, c.Value.UnservedWaits))).ToImmutableArray();
        return new PolicyResult(
            policy,
            engine,
            calls,
            capacity,
            recorder.CriticalCalls,
            recorder.HousekeepingCalls,
            recorder.DescribeCalls,
            recorder.Throttled,
            Percentiles.Of(recorder.Waits, recorder.UnservedWaits),
            new AboveTargetFigures(Math.Round(aboveMean, 1), recorder.Timeline.Count > 0 ? recorder.Timeline[^1].AboveTarget : 0),
            leaked,
            cost,
            [.. recorder.Timeline],
            perNode,
            recorder.Cohorts?.Figures() ?? [])
        {
            Clusters = clusters,
        };
    }

    private static long Ok(ImmutableSortedDictionary<string, CallFigures> calls, Ec2Action action) =>
        calls.TryGetValue(action.WireName(), out var c) ? c.Ok : 0;
}
