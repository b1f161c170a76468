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

    /// <summary>Creates the instruments on a meter from the factory.</summary>
    public AllocatorInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        ThrottleWait = meter.CreateHistogram<double>("fleet.throttle.wait", "s", "Time a call waited for its EC2 token, by action");
        TimeToCapacity = meter.CreateHistogram<double>("fleet.node.time_to_capacity", "s", "Time from a node falling short to reaching its target");
        DescribeBatchSize = meter.CreateHistogram<int>("fleet.describe.batch_size", "{node}", "Nodes served by one batched describe");
        Calls = meter.CreateCounter<long>("fleet.node.calls", "{call}", "EC2 calls made by node grains, by action and outcome");
        PriorSizedCalls = meter.CreateCounter<long>("fleet.node.prior_sized_calls", "{call}",
            "Capacity calls made while a prior sized the node (before its own peak showed), by source: MaxPods, Group");
        CallsWithoutProgress = meter.CreateCounter<long>("fleet.node.calls_without_progress", "{call}",
            "Capacity calls EC2 accepted that added no usable address, or whose answer a describe contradicted, by action");
        meter.CreateObservableGauge("fleet.nodes", ObserveNodeCounts, "{node}", "Nodes on this silo by category: total, in-deficit, at-capacity");
        meter.CreateObservableGauge("fleet.node.addresses", ObserveAddresses, "{address}", "Addresses per node by type: available, used, needed");
        meter.CreateObservableGauge("fleet.throttle.queue", () => _queues.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("throttle", q.Key))),
            "{request}", "Requests waiting for an EC2 token");
    }

    /// <summary><c>fleet.throttle.wait</c>.</summary>
    public Histogram<double> ThrottleWait { get; }

    /// <summary><c>fleet.node.time_to_capacity</c>.</summary>
    public Histogram<double> TimeToCapacity { get; }

    /// <summary><c>fleet.describe.batch_size</c>.</summary>
    public Histogram<int> DescribeBatchSize { get; }

    /// <summary><c>fleet.node.calls</c> {action, outcome}.</summary>
    public Counter<long> Calls { get; }

    /// <summary><c>fleet.node.prior_sized_calls</c> {source}.</summary>
    public Counter<long> PriorSizedCalls { get; }

    /// <summary><c>fleet.node.calls_without_progress</c> {action}.</summary>
    public Counter<long> CallsWithoutProgress { get; }

    /// <summary>Records a node's numbers (active node grains on this silo).</summary>
    public void SetNode(string instanceId, int available, int used, int needed) => _nodes[instanceId] = new NodeStats(available, used, needed);

    /// <summary>Forgets a node (its grain deactivated).</summary>
    public void RemoveNode(string instanceId) => _nodes.TryRemove(instanceId, out _);

    /// <summary>Records a throttle's queue length.</summary>
    public void SetQueue(string throttle, int waiting) => _queues[throttle] = waiting;

    private IEnumerable<Measurement<int>> ObserveNodeCounts()
    {
        var nodes = _nodes.Values.ToList();
        yield return new Measurement<int>(nodes.Count, new KeyValuePair<string, object?>("category", "total"));
        yield return new Measurement<int>(nodes.Count(n => n.Needed > 0), new KeyValuePair<string, object?>("category", "in-deficit"));
        yield return new Measurement<int>(nodes.Count(n => n.Needed == 0), new KeyValuePair<string, object?>("category", "at-capacity"));
    }

    private IEnumerable<Measurement<int>> ObserveAddresses()
    {
        foreach (var (node, stats) in _nodes)
        {
            var target = new KeyValuePair<string, object?>("target_node", node);
            yield return new Measurement<int>(stats.Available, target, new KeyValuePair<string, object?>("type", "available"));
            yield return new Measurement<int>(stats.Used, target, new KeyValuePair<string, object?>("type", "used"));
            yield return new Measurement<int>(stats.Needed, target, new KeyValuePair<string, object?>("type", "needed"));
        }
    }

    private readonly record struct NodeStats(int Available, int Used, int Needed);
}
