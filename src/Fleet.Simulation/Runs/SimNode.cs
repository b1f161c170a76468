using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// A node as its pods see it in one policy's run: pods running (each holds an address), pods waiting for one,
/// and the capacity the policy has made usable. A pod waits from its arrival until a running pod's address or
/// new capacity is free for it (first come, first served); the wait is recorded when it ends.
/// </summary>
public sealed class SimNode
{
    private readonly RunRecorder _recorder;

    // The node's cluster, for the recorder (read on every pod served: the plan and its spec stay where they are).
    private readonly string? _cluster;

    // When each waiting pod arrived, first come first served: a ring in this object's own fields and one array (a
    // pod event reaches no queue object of its own).
    private TimeSpan[] _waiting = [];
    private int _waitingHead;
    private int _waitingCount;

    internal SimNode(NodePlan plan, string instanceId, string subnetId, string availabilityZone, InstanceLimits limits, RunRecorder recorder)
    {
        Plan = plan;
        InstanceId = instanceId;
        SubnetId = subnetId;
        AvailabilityZone = availabilityZone;
        Limits = limits;
        _recorder = recorder;
        _cluster = plan.Spec.Cluster;
    }

    /// <summary>The scenario's plan for this node.</summary>
    public NodePlan Plan { get; }

    /// <summary>The EC2 instance id (launched before the run).</summary>
    public string InstanceId { get; }

    /// <summary>eth0's subnet.</summary>
    public string SubnetId { get; }

    /// <summary>The instance's AZ.</summary>
    public string AvailabilityZone { get; }

    /// <summary>The instance type's limits.</summary>
    public InstanceLimits Limits { get; }

    /// <summary>The node's spec.</summary>
    public NodeSpec Spec => Plan.Spec;

    /// <summary>Pods holding an address.</summary>
    public int Running { get; private set; }

    /// <summary>Pods waiting for an address.</summary>
    public int Waiting => _waitingCount;

    /// <summary>Addresses the policy has handed to the node's agent.</summary>
    public int Capacity { get; private set; }

    /// <summary>Whether the node has joined (its agent reports) and not left.</summary>
    public bool Active { get; internal set; }

    /// <summary>
    /// The policy's own object for this node while it takes part, if the policy keeps one: a pod event reaches it
    /// directly, without a lookup by instance id (one per event, thousands of nodes apart in memory).
    /// </summary>
    internal object? PolicyNode { get; set; }

    /// <summary>The demand as the agent reports it: used addresses and pods waiting.</summary>
    public Demand Demand => new(Running, _waitingCount);

    /// <summary>Addresses the node should hold at least: Cilium's watermark (used + pending + pre-allocate, min-allocate).</summary>
    public int Desired => Math.Max(Running + Waiting + Spec.EffectivePreAllocate, Spec.MinAllocate);

    /// <summary>The policy made <paramref name="capacity"/> addresses usable (more or fewer than before).</summary>
    public void SetCapacity(int capacity)
    {
        if (capacity == Capacity)
        {
            return;
        }

        _recorder.CapacityChanged(capacity - Capacity);
        Capacity = capacity;
        Promote();
    }

    internal void Arrive()
    {
        _recorder.PodsChanged(+1);
        Enqueue(_recorder.Now);
        Promote();
    }

    internal void Depart()
    {
        if (Running > 0)
        {
            Running--;
            _recorder.PodsChanged(-1);
            Promote();
        }
        else if (_waitingCount > 0)
        {
            Dequeue();
            _recorder.PodsChanged(-1);
        }
    }

    /// <summary>Ends the node: waiting pods are recorded as unserved (their wait until now), pods and capacity go.</summary>
    internal void Leave()
    {
        _recorder.PodsChanged(-Running - _waitingCount);
        Unserved();
        _recorder.CapacityChanged(-Capacity);
        Running = 0;
        Capacity = 0;
        Active = false;
    }

    /// <summary>At the end of the run: pods still waiting are recorded as unserved.</summary>
    internal void Finish() => Unserved();

    private void Unserved()
    {
        while (_waitingCount > 0)
        {
            _recorder.PodUnserved(_recorder.Now - Dequeue(), _cluster);
        }
    }

    private void Promote()
    {
        while (_waitingCount > 0 && Running < Capacity)
        {
            _recorder.PodServed(_recorder.Now - Dequeue(), _cluster);
            Running++;
        }
    }

    private void Enqueue(TimeSpan arrived)
    {
        if (_waitingCount == _waiting.Length)
        {
            var grown = new TimeSpan[Math.Max(4, _waiting.Length * 2)];
            for (var i = 0; i < _waitingCount; i++)
            {
                grown[i] = _waiting[(_waitingHead + i) % _waiting.Length];
            }

            (_waiting, _waitingHead) = (grown, 0);
        }

        var tail = _waitingHead + _waitingCount;
        _waiting[tail < _waiting.Length ? tail : tail - _waiting.Length] = arrived;
        _waitingCount++;
    }

    private TimeSpan Dequeue()
    {
        var arrived = _waiting[_waitingHead];
        _waitingHead = _waitingHead + 1 < _waiting.Length ? _waitingHead + 1 : 0;
        _waitingCount--;
        return arrived;
    }
}
