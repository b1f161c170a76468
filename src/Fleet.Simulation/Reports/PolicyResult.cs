using System.Collections.Immutable;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Reports;

/// <summary>
/// The figures of one policy on one scenario (field names are the JSON names, camel-cased; BENCHMARKS.md documents
/// them). Times are seconds of scenario (EC2) time.
/// </summary>
/// <param name="Policy">The policy.</param>
/// <param name="Engine"><c>sim</c> (discrete-event, virtual time) or <c>live</c> (real silos, SDK, HTTP).</param>
/// <param name="Calls">Mutating and describe calls by EC2 action: sent, ok, throttled, failed.</param>
/// <param name="CapacityCalls">Capacity-adding calls EC2 accepted: AssignPrivateIpAddresses + CreateNetworkInterface + AttachNetworkInterface.</param>
/// <param name="CriticalPathCalls">Accepted mutating calls a node's new capacity waited for (Cilium: its Modify too).</param>
/// <param name="HousekeepingCalls">Accepted mutating calls made after the capacity was usable (DeleteOnTermination, releases, deletes).</param>
/// <param name="DescribeCalls">Describe calls (pages), any outcome.</param>
/// <param name="ThrottledResponses">Calls EC2 answered RequestLimitExceeded (SDK retries included).</param>
/// <param name="PodWait">Per pod: the wait from arrival until the node's usable capacity covered it.</param>
/// <param name="AddressesAboveTarget">Addresses held beyond each node's watermark (used + pending + pre-allocate, min-allocate), summed over nodes.</param>
/// <param name="EnisLeaked">ENIs left detached at the end (not counting the scenario's own).</param>
/// <param name="Cost">What running the policy cost.</param>
/// <param name="Timeline">Capacity, demand and cumulative calls over time.</param>
/// <param name="PerNode">Per-node calls (small scenarios only, e.g. seed).</param>
/// <param name="Cohorts">Per cohort of nodes (scenarios that name some: <c>waves</c>), else empty.</param>
public sealed record PolicyResult(
    string Policy,
    string Engine,
    ImmutableSortedDictionary<string, CallFigures> Calls,
    long CapacityCalls,
    long CriticalPathCalls,
    long HousekeepingCalls,
    long DescribeCalls,
    long ThrottledResponses,
    WaitFigures PodWait,
    AboveTargetFigures AddressesAboveTarget,
    int EnisLeaked,
    CostFigures Cost,
    ImmutableArray<TimelineSample> Timeline,
    ImmutableArray<NodeFigures> PerNode,
    ImmutableArray<CohortFigures> Cohorts = default)
{
    /// <summary>Accepted mutating calls of any path.</summary>
    public long MutatingCalls => CriticalPathCalls + HousekeepingCalls;

    /// <summary>The same figures per Kubernetes cluster, for a scenario of several (empty otherwise).</summary>
    public ImmutableArray<ClusterFigures> Clusters { get; init; } = [];
}

/// <summary>One cluster's part of a run of several.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Nodes">Its nodes in the scenario.</param>
/// <param name="CapacityCalls">Capacity-adding calls EC2 accepted for its nodes.</param>
/// <param name="ThrottledResponses">Its nodes' calls EC2 answered RequestLimitExceeded.</param>
/// <param name="PodWait">Its pods' wait for an address.</param>
public sealed record ClusterFigures(string Cluster, int Nodes, long CapacityCalls, long ThrottledResponses, WaitFigures PodWait);

/// <summary>Calls of one action.</summary>
/// <param name="Sent">Calls sent.</param>
/// <param name="Ok">Answered OK.</param>
/// <param name="Throttled">Answered RequestLimitExceeded.</param>
/// <param name="Failed">Answered another error.</param>
public sealed record CallFigures(long Sent, long Ok, long Throttled, long Failed);

/// <summary>Pod wait for an address, seconds.</summary>
/// <param name="Pods">Pods that arrived.</param>
/// <param name="Unserved">Pods that never got an address (counted in the percentiles with their wait so far).</param>
/// <param name="P50">Median.</param>
/// <param name="P90">90th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">Longest.</param>
public sealed record WaitFigures(long Pods, long Unserved, double P50, double P90, double P99, double Max);

/// <summary>Addresses above target.</summary>
/// <param name="Mean">Time-average over the run.</param>
/// <param name="End">At the end of the run.</param>
public sealed record AboveTargetFigures(double Mean, long End);

/// <summary>The allocator's own cost.</summary>
/// <param name="CpuSeconds">Process CPU time while the policy ran (sim: engine, emulator and policy together; live: the whole process).</param>
/// <param name="MemoryPerNodeBytes">Managed memory per node held by the allocator (live engine only), or null.</param>
/// <param name="WallSeconds">Wall-clock time of the run.</param>
/// <param name="Events">Events the discrete-event engine processed (sim only).</param>
/// <param name="AllocatedBytes">
/// Managed bytes allocated while the policy ran (sim only, else null). Unlike CPU time it does not drift with the
/// machine: the same build and scenario allocate the same bytes, give or take the runtime's own few kilobytes.
/// </param>
public sealed record CostFigures(double CpuSeconds, double? MemoryPerNodeBytes, double WallSeconds, long Events, long? AllocatedBytes = null);

/// <summary>One node's accepted mutating calls.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="FirstInterfaceIndex">Its spec's first-interface-index.</param>
/// <param name="CriticalPathCalls">Critical-path calls.</param>
/// <param name="HousekeepingCalls">Housekeeping calls.</param>
/// <param name="DescribeCalls">Describe calls made for this node alone (Cilium: the upsert sync and one instance sync per round).</param>
/// <param name="Actions">The calls in order.</param>
/// <param name="Capacity">Usable addresses at the end.</param>
public sealed record NodeFigures(
    string InstanceId, int FirstInterfaceIndex, int CriticalPathCalls, int HousekeepingCalls, int DescribeCalls, ImmutableArray<string> Actions, int Capacity);

/// <summary>One cohort of a scenario's nodes (a wave of <c>waves</c>).</summary>
/// <param name="Name">The cohort.</param>
/// <param name="Nodes">Its nodes.</param>
/// <param name="CapacityCalls">Capacity-adding calls EC2 accepted for them.</param>
/// <param name="CallsPerNode">Capacity calls per node.</param>
/// <param name="AboveTargetMean">Addresses they held above their watermarks, averaged over the samples taken while any was active.</param>
/// <param name="Samples">Those samples.</param>
public sealed record CohortFigures(string Name, int Nodes, long CapacityCalls, double CallsPerNode, double AboveTargetMean, int Samples);
