using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// One benchmark scenario as data: what it covers, the region it brings, and for every node when it joins (and
/// leaves) and when each of its pods arrives and departs. Generated once from a seed, then replayed unchanged for
/// every policy, so every policy faces exactly the same events.
/// </summary>
/// <param name="Name">The scenario's name (<c>seed</c>, <c>burst</c>, …).</param>
/// <param name="Covers">What the scenario covers, one sentence.</param>
/// <param name="Duration">Scenario time simulated, from the first node's join.</param>
/// <param name="Layout">The VPC and subnets the scenario brings.</param>
/// <param name="Nodes">The nodes, in join order.</param>
/// <param name="Neighbour">Another client spending from the same EC2 buckets, if any.</param>
/// <param name="FragmentedFill">Fraction of each subnet's addresses taken, at random, before the run (0: none).</param>
/// <param name="ReleaseExcess">Whether policies give back excess capacity (Cilium: <c>--aws-release-excess-ips</c>).</param>
/// <param name="LiveOnly">Whether only the live engine can run it (silo-loss).</param>
/// <param name="SiloDiesAt">When (scenario time) one of the live engine's silos is killed, or null (silo-loss: mid-burst).</param>
/// <param name="Cohorts">
/// Names of groups of nodes reported apart (<see cref="NodePlan.Cohort"/> indexes them: <c>waves</c>' "wave 1"…); empty
/// when the scenario reports only the whole.
/// </param>
public sealed record Scenario(
    string Name,
    string Covers,
    TimeSpan Duration,
    RegionLayout Layout,
    ImmutableArray<NodePlan> Nodes,
    NeighbourLoad? Neighbour = null,
    double FragmentedFill = 0,
    bool ReleaseExcess = false,
    bool LiveOnly = false,
    TimeSpan? SiloDiesAt = null,
    ImmutableArray<string> Cohorts = default)
{
    /// <summary>Pod arrivals across all nodes.</summary>
    public int PodArrivals => Nodes.Sum(n => n.Pods.Count(p => p.Delta > 0));

    /// <summary>
    /// The weights of the Kubernetes clusters the scenario's nodes belong to (their specs' <c>cluster</c>), as
    /// <c>Fleet:Throttle:ClusterWeights</c> configures them; empty for the scenarios of one cluster.
    /// </summary>
    public ImmutableDictionary<string, double> ClusterWeights { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>The scenario with only <paramref name="cluster"/>'s nodes, in the same region: that cluster running alone.</summary>
    public Scenario Alone(string cluster) => this with
    {
        Nodes = [.. Nodes.Where(n => n.Spec.Cluster == cluster).Select((n, i) => n with { Index = i })],
        ClusterWeights = ClusterWeights.TryGetValue(cluster, out var weight) ? ImmutableDictionary<string, double>.Empty.Add(cluster, weight) : ClusterWeights.Clear(),
    };
}

/// <summary>One node's life in a scenario.</summary>
/// <param name="Index">0-based position in join order.</param>
/// <param name="InstanceType">The EC2 instance type.</param>
/// <param name="Spec">The node's spec (Cilium's <c>spec.ipam</c>/<c>spec.eni</c> fields, the same for every policy).</param>
/// <param name="Subnet">Index into <see cref="RegionLayout.Subnets"/> of the subnet eth0 lives in.</param>
/// <param name="JoinAt">When the node's agent first reports (scenario time).</param>
/// <param name="LeaveAt">When the instance is terminated (scenario time), or null if it stays.</param>
/// <param name="Pods">Pod arrivals (+1) and departures (−1), in time order (scenario time).</param>
/// <param name="Cohort">Index into <see cref="Scenario.Cohorts"/> of the group of nodes it is reported with (0 when none).</param>
public sealed record NodePlan(int Index, string InstanceType, NodeSpec Spec, int Subnet, TimeSpan JoinAt, TimeSpan? LeaveAt, ImmutableArray<PodEvent> Pods,
    int Cohort = 0)
{
    /// <summary>The most pods the node ever runs at once: the demand the offline oracles know in advance.</summary>
    public int PeakPods
    {
        get
        {
            int running = 0, peak = 0;
            foreach (var pod in Pods)
            {
                running += pod.Delta;
                peak = Math.Max(peak, running);
            }

            return peak;
        }
    }
}

/// <summary>A pod arriving (+1) on or departing (−1) from a node.</summary>
/// <param name="At">Scenario time.</param>
/// <param name="Delta">+1 or −1.</param>
public readonly record struct PodEvent(TimeSpan At, int Delta);

/// <summary>
/// Another tool in the same account spending from the same per-action buckets (e.g. a VPC CNI warm pool churning):
/// <paramref name="PerSecond"/> calls per second on each of its actions, steadily, from its own subnet.
/// </summary>
/// <param name="PerSecond">Calls per second on each action (AssignPrivateIpAddresses, CreateNetworkInterface; each followed by its undo).</param>
public sealed record NeighbourLoad(double PerSecond);
