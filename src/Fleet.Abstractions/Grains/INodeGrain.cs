using Fleet.Abstractions.Messages;

namespace Fleet.Abstractions.Grains;

/// <summary>
/// One node (key: EC2 instance id). Holds its ENIs, prefixes and IPs, its spec and demand; plans its next EC2 call
/// only when it holds a token, from the demand at that moment; persists intent before every mutating call.
/// Demand reports never wait for EC2: they update the demand and return the allocation at once.
/// </summary>
[Alias("fleet.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Reports demand; refused (with the reason, nothing stored) for an unknown instance or impossible demand.</summary>
    [Alias("ReportDemand")]
    Task<DemandResult> ReportDemand(DemandReport report);

    /// <summary>The node's allocation now.</summary>
    [AlwaysInterleave, Alias("GetAllocation")]
    Task<NodeAllocation> GetAllocation();

    /// <summary>The node in detail.</summary>
    [AlwaysInterleave, Alias("GetView")]
    Task<NodeView> GetView();

    /// <summary>
    /// Replaces the node's spec. A spec that fails the spec check (<c>FleetClient</c> and the HTTP API check first) is
    /// refused with <see cref="InvalidSpecException"/> naming every problem; the node keeps its spec.
    /// </summary>
    [Alias("SetSpec")]
    Task<NodeView> SetSpec(NodeSpecDto spec);

    /// <summary>
    /// Replaces the node's spec for a caller acting for <paramref name="cluster"/> (a cluster's credential): refused with
    /// <see cref="OtherClusterException"/>, nothing changed, when the node is another cluster's or the spec names another
    /// cluster. A node no cluster claimed yet becomes <paramref name="cluster"/>'s. Otherwise as <see cref="SetSpec"/>.
    /// </summary>
    [Alias("SetSpecFor")]
    Task<NodeView> SetSpecFor(NodeSpecDto spec, string cluster);

    /// <summary>
    /// Declares what a provisioner launched the node for (<paramref name="pods"/> packed onto it, e.g. Karpenter's NodeClaim
    /// <c>spec.resources.requests.pods</c>): the node allocates for them + pre-allocate at once, before its agent reports.
    /// Refused, changing nothing, for an unknown or terminated instance or pods out of range. It never lowers a higher
    /// demand and lapses when no pods arrive for <c>Fleet:Allocator:Prior:IntentExpiry</c>.
    /// </summary>
    [Alias("DeclareIntent")]
    Task<IntentResult> DeclareIntent(int pods);

    /// <summary>Subscribes an agent to allocation changes (re-subscribe within the expiry, 5 minutes).</summary>
    [Alias("Subscribe")]
    Task Subscribe(INodeObserver observer);

    /// <summary>Ends a subscription.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(INodeObserver observer);

    /// <summary>Whether the node still intends to attach this (detached) ENI; the janitor leaves such ENIs alone.</summary>
    [AlwaysInterleave, Alias("ExpectsEni")]
    Task<bool> ExpectsEni(string eniId);
}

/// <summary>Receives a node's allocation whenever it changes.</summary>
[Alias("fleet.INodeObserver")]
public interface INodeObserver : IGrainObserver
{
    /// <summary>
    /// The node's allocation changed. One-way: the node grain pushes inside its own turn, and an agent that cannot
    /// answer (its client's gateway silo just died) must not hold the node for the 30 s response timeout; an agent
    /// that missed pushes re-reads with <see cref="INodeGrain.GetAllocation"/> or its next report.
    /// </summary>
    [OneWay, Alias("OnAllocationChanged")]
    Task OnAllocationChanged(NodeAllocation allocation);
}
