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
    private readonly Queue<TimeSpan> _waiting = new();
    private readonly RunRecorder _recorder;

    internal SimNode(NodePlan plan, string instanceId, string subnetId, string availabilityZone, InstanceLimits limits, RunRecorder recorder)
    {
        Plan = plan;
        InstanceId = instanceId;
        SubnetId = subnetId;
        AvailabilityZone = availabilityZone;
        Limits = limits;
        _recorder = recorder;
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
    public int Waiting => _waiting.Count;

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
    public Demand Demand => new(Running, _waiting.Count);

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
        _waiting.Enqueue(_recorder.Now);
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
        else if (_waiting.Count > 0)
        {
            _waiting.Dequeue();
            _recorder.PodsChanged(-1);
        }
    }

    /// <summary>Ends the node: waiting pods are recorded as unserved (their wait until now), pods and capacity go.</summary>
    internal void Leave()
    {
        _recorder.PodsChanged(-Running - _waiting.Count);
        while (_waiting.TryDequeue(out var arrived))
        {
            _recorder.PodUnserved(_recorder.Now - arrived, Plan.Spec.Cluster);
        }

        _recorder.CapacityChanged(-Capacity);
        Running = 0;
        Capacity = 0;
        Active = false;
    }

    /// <summary>At the end of the run: pods still waiting are recorded as unserved.</summary>
    internal void Finish()
    {
        while (_waiting.TryDequeue(out var arrived))
        {
            _recorder.PodUnserved(_recorder.Now - arrived, Plan.Spec.Cluster);
        }
    }

    private void Promote()
    {
        while (_waiting.Count > 0 && Running < Capacity)
        {
            _recorder.PodServed(_recorder.Now - _waiting.Dequeue(), Plan.Spec.Cluster);
            Running++;
        }
    }
}
