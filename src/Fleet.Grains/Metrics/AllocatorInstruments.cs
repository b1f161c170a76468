using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Fleet.Grains.Metrics;

/// <summary>
/// The allocator's metrics, meter <c>Fleet.Allocator</c>. Names echo Cilium's operator metrics
/// (<c>ipam_available_ips</c>, <c>ipam_nodes{category}</c>…) so Cilium users recognise them.
/// </summary>
public sealed class AllocatorInstruments
{
    /// <summary>The meter name, for exporters.</summary>
    public const string MeterName = "Fleet.Allocator";

    private readonly ConcurrentDictionary<string, NodeStats> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Throttle, string Cluster), ClusterThrottle> _clusters = new();

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public AllocatorInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        ThrottleWait = meter.CreateHistogram<double>("fleet.throttle.wait", "s", "Time a call waited for its EC2 token, by action and cluster");
        ThrottleGrants = meter.CreateCounter<long>("fleet.throttle.grants", "{token}", "EC2 tokens the throttle granted, by action and cluster");
        TimeToCapacity = meter.CreateHistogram<double>("fleet.node.time_to_capacity", "s", "Time from a node falling short to reaching its target");
        DescribeBatchSize = meter.CreateHistogram<int>("fleet.describe.batch_size", "{node}", "Nodes served by one batched describe");
        Calls = meter.CreateCounter<long>("fleet.node.calls", "{call}", "EC2 calls made by node grains, by action and outcome");
        PriorSizedCalls = meter.CreateCounter<long>("fleet.node.prior_sized_calls", "{call}",
            "Capacity calls made while a prior sized the node (before its own peak showed), by source: MaxPods, Group");
        CallsWithoutProgress = meter.CreateCounter<long>("fleet.node.calls_without_progress", "{call}",
            "Capacity calls EC2 accepted that added no usable address, or whose answer a describe contradicted, by action");
        meter.CreateObservableGauge("fleet.nodes", ObserveNodeCounts, "{node}", "Nodes on this silo by category (total, in-deficit, at-capacity) and cluster");
        meter.CreateObservableGauge("fleet.node.addresses", ObserveAddresses, "{address}", "Addresses per node by type: available, used, needed");
        meter.CreateObservableGauge("fleet.throttle.queue", () => _queues.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("throttle", q.Key))),
            "{request}", "Requests waiting for an EC2 token");
        meter.CreateObservableGauge("fleet.throttle.cluster_queue", () => _clusters.Select(c => new Measurement<int>(c.Value.Waiting,
                new KeyValuePair<string, object?>("throttle", c.Key.Throttle), new KeyValuePair<string, object?>("cluster", c.Key.Cluster))),
            "{request}", "Requests of each cluster waiting for an EC2 token");
        meter.CreateObservableGauge("fleet.throttle.cluster_share", () => _clusters.Select(c => new Measurement<double>(c.Value.Share,
                new KeyValuePair<string, object?>("throttle", c.Key.Throttle), new KeyValuePair<string, object?>("cluster", c.Key.Cluster))),
            "1", "Each cluster's share of every EC2 bucket: its weight over the weights of the clusters the throttle knows");
    }

    /// <summary><c>fleet.throttle.wait</c>.</summary>
    public Histogram<double> ThrottleWait { get; }

    /// <summary><c>fleet.node.time_to_capacity</c>.</summary>
    public Histogram<double> TimeToCapacity { get; }

    /// <summary><c>fleet.describe.batch_size</c>.</summary>
    public Histogram<int> DescribeBatchSize { get; }

    /// <summary><c>fleet.throttle.grants</c> {action, cluster}.</summary>
    public Counter<long> ThrottleGrants { get; }

    /// <summary><c>fleet.node.calls</c> {action, outcome}.</summary>
    public Counter<long> Calls { get; }

    /// <summary><c>fleet.node.prior_sized_calls</c> {source}.</summary>
    public Counter<long> PriorSizedCalls { get; }

    /// <summary><c>fleet.node.calls_without_progress</c> {action}.</summary>
    public Counter<long> CallsWithoutProgress { get; }

    /// <summary>Records a node's numbers (active node grains on this silo).</summary>
    public void SetNode(string instanceId, string cluster, int available, int used, int needed) => _nodes[instanceId] = new NodeStats(cluster, available, used, needed);

    /// <summary>Forgets a node (its grain deactivated).</summary>
    public void RemoveNode(string instanceId) => _nodes.TryRemove(instanceId, out _);

    /// <summary>Records a throttle's queue length.</summary>
    public void SetQueue(string throttle, int waiting) => _queues[throttle] = waiting;

    /// <summary>Records each cluster's share of a throttle's buckets and its requests waiting; clusters not listed are gone.</summary>
    public void SetClusters(string throttle, IReadOnlyCollection<(string Cluster, double Share, int Waiting)> clusters)
    {
        foreach (var key in _clusters.Keys.Where(k => k.Throttle == throttle && !clusters.Any(c => c.Cluster == k.Cluster)))
        {
            _clusters.TryRemove(key, out _);
        }

        foreach (var (cluster, share, waiting) in clusters)
        {
            _clusters[(throttle, cluster)] = new ClusterThrottle(share, waiting);
        }
    }

    private IEnumerable<Measurement<int>> ObserveNodeCounts()
    {
        foreach (var cluster in _nodes.Values.GroupBy(n => n.Cluster, StringComparer.Ordinal))
        {
            var nodes = cluster.ToList();
            var label = new KeyValuePair<string, object?>("cluster", cluster.Key);
            yield return new Measurement<int>(nodes.Count, new KeyValuePair<string, object?>("category", "total"), label);
            yield return new Measurement<int>(nodes.Count(n => n.Needed > 0), new KeyValuePair<string, object?>("category", "in-deficit"), label);
            yield return new Measurement<int>(nodes.Count(n => n.Needed == 0), new KeyValuePair<string, object?>("category", "at-capacity"), label);
        }
    }

    private IEnumerable<Measurement<int>> ObserveAddresses()
    {
        foreach (var (node, stats) in _nodes)
        {
            var target = new KeyValuePair<string, object?>("target_node", node);
            var cluster = new KeyValuePair<string, object?>("cluster", stats.Cluster);
            yield return new Measurement<int>(stats.Available, target, cluster, new KeyValuePair<string, object?>("type", "available"));
            yield return new Measurement<int>(stats.Used, target, cluster, new KeyValuePair<string, object?>("type", "used"));
            yield return new Measurement<int>(stats.Needed, target, cluster, new KeyValuePair<string, object?>("type", "needed"));
        }
    }

    private readonly record struct NodeStats(string Cluster, int Available, int Used, int Needed);

    private readonly record struct ClusterThrottle(double Share, int Waiting);
}
