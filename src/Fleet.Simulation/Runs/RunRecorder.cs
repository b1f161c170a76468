using Fleet.Core.Throttling;
using Fleet.Simulation.Engine;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Everything one policy's run measures, as it happens: calls by action and outcome, the path of each call,
/// pod waits, and running totals of capacity and demand for the timeline. Times are scenario time.
/// </summary>
public sealed class RunRecorder(EventLoop loop, TimeSpan start, bool perNode)
{
    private readonly Dictionary<string, ActionCounts> _byAction = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeCalls> _byNode = new(StringComparer.Ordinal);
    private readonly List<float> _waits = [];
    private readonly List<TimelineSample> _timeline = [];
    private readonly SortedDictionary<string, ClusterRecord> _byCluster = new(StringComparer.Ordinal);

    /// <summary>
    /// Each node's cluster (instance id → cluster), for a scenario of several clusters: calls and pod waits are then also
    /// counted per cluster (<see cref="ByCluster"/>). Null for one cluster.
    /// </summary>
    public IReadOnlyDictionary<string, string>? NodeClusters { get; init; }

    /// <summary>Calls and pod waits per cluster (only with <see cref="NodeClusters"/>).</summary>
    public IReadOnlyDictionary<string, ClusterRecord> ByCluster => _byCluster;

    /// <summary>Scenario time now.</summary>
    public TimeSpan Now => loop.Now - start;

    /// <summary>Addresses usable on all nodes now.</summary>
    public long Capacity { get; private set; }

    /// <summary>Pods on all nodes now (running and waiting).</summary>
    public long Pods { get; private set; }

    /// <summary>Calls by EC2 action (wire name).</summary>
    public IReadOnlyDictionary<string, ActionCounts> ByAction => _byAction;

    /// <summary>Calls per node (only when asked for: small scenarios).</summary>
    public IReadOnlyDictionary<string, NodeCalls> ByNode => _byNode;

    /// <summary>Mutating calls on the critical path that EC2 accepted.</summary>
    public long CriticalCalls { get; private set; }

    /// <summary>Housekeeping calls EC2 accepted.</summary>
    public long HousekeepingCalls { get; private set; }

    /// <summary>Mutating calls sent (every attempt, throttled or not).</summary>
    public long MutatingSent { get; private set; }

    /// <summary>Describe calls (pages) sent.</summary>
    public long DescribeCalls { get; private set; }

    /// <summary>Calls EC2 answered <c>RequestLimitExceeded</c>.</summary>
    public long Throttled { get; private set; }

    /// <summary>Pods that got an address, with their wait in seconds.</summary>
    public IReadOnlyList<float> Waits => _waits;

    /// <summary>Pods that never got an address (left, or still waiting at the end).</summary>
    public long Unserved { get; private set; }

    /// <summary>Waits of pods never served, in seconds (counted in the percentiles as at least this long).</summary>
    public List<float> UnservedWaits { get; } = [];

    /// <summary>The timeline samples.</summary>
    public IReadOnlyList<TimelineSample> Timeline => _timeline;

    /// <summary>Per-cohort figures, when the scenario names cohorts.</summary>
    internal CohortRecorder? Cohorts { get; set; }

    /// <summary>Records one call and its outcome.</summary>
    public void Call(Ec2Action bucket, CallPath path, string outcome, string? node)
    {
        var wire = bucket.WireName();
        if (!_byAction.TryGetValue(wire, out var counts))
        {
            _byAction[wire] = counts = new ActionCounts();
        }

        var throttled = outcome == "RequestLimitExceeded";
        if (node is not null && NodeClusters?.TryGetValue(node, out var cluster) == true)
        {
            CountFor(cluster, bucket, path, outcome, throttled);
        }

        Cohorts?.Call(bucket, outcome, node);
        counts.Sent++;
        if (throttled)
        {
            counts.Throttled++;
            Throttled++;
        }
        else if (outcome == "OK")
        {
            counts.Ok++;
        }
        else
        {
            counts.Failed++;
        }

        if (path == CallPath.Read)
        {
            DescribeCalls++;
            if (perNode && node is not null)
            {
                NodeCounts(node).Reads++;
            }

            return;
        }

        MutatingSent++;
        if (throttled)
        {
            return;
        }

        if (path == CallPath.Critical)
        {
            CriticalCalls++;
        }
        else
        {
            HousekeepingCalls++;
        }

        if (perNode && node is not null)
        {
            var calls = NodeCounts(node);
            if (path == CallPath.Critical)
            {
                calls.Critical++;
            }
            else
            {
                calls.Housekeeping++;
            }

            calls.Actions.Add(wire);
        }
    }

    private NodeCalls NodeCounts(string node)
    {
        if (!_byNode.TryGetValue(node, out var calls))
        {
            _byNode[node] = calls = new NodeCalls();
        }

        return calls;
    }

    internal void PodServed(TimeSpan wait, string? cluster = null)
    {
        _waits.Add((float)wait.TotalSeconds);
        if (cluster is not null && NodeClusters is not null)
        {
            Cluster(cluster).Waits.Add((float)wait.TotalSeconds);
        }
    }

    internal void PodUnserved(TimeSpan wait, string? cluster = null)
    {
        Unserved++;
        UnservedWaits.Add((float)wait.TotalSeconds);
        if (cluster is not null && NodeClusters is not null)
        {
            Cluster(cluster).UnservedWaits.Add((float)wait.TotalSeconds);
        }
    }

    private void CountFor(string cluster, Ec2Action bucket, CallPath path, string outcome, bool throttled)
    {
        var record = Cluster(cluster);
        if (throttled)
        {
            record.Throttled++;
        }
        else if (outcome == "OK" && path != CallPath.Read && bucket.AddsCapacity())
        {
            record.CapacityCalls++;
        }
    }

    private ClusterRecord Cluster(string cluster)
    {
        if (!_byCluster.TryGetValue(cluster, out var record))
        {
            _byCluster[cluster] = record = new ClusterRecord();
        }

        return record;
    }

    internal void CapacityChanged(int delta) => Capacity += delta;

    internal void PodsChanged(int delta) => Pods += delta;

    internal void Sample(long aboveTarget) =>
        _timeline.Add(new TimelineSample(Now.TotalSeconds, Capacity, Pods, MutatingSent - Throttled, aboveTarget));
}

/// <summary>Calls of one EC2 action.</summary>
public sealed class ActionCounts
{
    /// <summary>Calls sent.</summary>
    public long Sent { get; set; }

    /// <summary>Calls answered OK.</summary>
    public long Ok { get; set; }

    /// <summary>Calls answered RequestLimitExceeded.</summary>
    public long Throttled { get; set; }

    /// <summary>Calls answered with another error.</summary>
    public long Failed { get; set; }
}

/// <summary>What one cluster's nodes spent and waited, in a run of several clusters.</summary>
public sealed class ClusterRecord
{
    /// <summary>Capacity-adding calls EC2 accepted for its nodes.</summary>
    public long CapacityCalls { get; set; }

    /// <summary>Its nodes' calls EC2 answered RequestLimitExceeded.</summary>
    public long Throttled { get; set; }

    /// <summary>Waits of its pods that were served, seconds.</summary>
    public List<float> Waits { get; } = [];

    /// <summary>Waits so far of its pods never served, seconds.</summary>
    public List<float> UnservedWaits { get; } = [];
}

/// <summary>The accepted mutating calls one node caused.</summary>
public sealed class NodeCalls
{
    /// <summary>Critical-path calls.</summary>
    public int Critical { get; set; }

    /// <summary>Housekeeping calls.</summary>
    public int Housekeeping { get; set; }

    /// <summary>Describe calls made for this node alone (Cilium's instance syncs).</summary>
    public int Reads { get; set; }

    /// <summary>The actions, in order.</summary>
    public List<string> Actions { get; } = [];
}

/// <summary>The fleet at one instant of a run.</summary>
/// <param name="Seconds">Scenario time, seconds.</param>
/// <param name="Capacity">Addresses usable on all nodes.</param>
/// <param name="Pods">Pods on all nodes (running and waiting): the demand.</param>
/// <param name="MutatingCalls">Mutating calls EC2 accepted so far.</param>
/// <param name="AboveTarget">Addresses held above the nodes' watermarks.</param>
public sealed record TimelineSample(double Seconds, long Capacity, long Pods, long MutatingCalls, long AboveTarget);
