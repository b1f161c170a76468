using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>Something that happened to a node: the input of <see cref="NodeLoop.Step"/>.</summary>
public abstract record NodeEvent;

/// <summary>The node's agent reported its demand (answered with an <see cref="AnswerReport"/> effect).</summary>
/// <param name="Report">The report.</param>
public sealed record DemandReported(AgentReport Report) : NodeEvent;

/// <summary>An operator or the node's agent replaced the spec (answered with an <see cref="AnswerSpec"/> effect).</summary>
/// <param name="Spec">The new spec.</param>
/// <param name="Caller">The cluster the sender acts for (a cluster's credential), or null for a caller acting for none (see <see cref="NodeClusters"/>).</param>
public sealed record SpecChanged(NodeSpec Spec, string? Caller = null) : NodeEvent;

/// <summary>
/// A provisioner declared what it launched the node for (answered with an <see cref="AnswerIntent"/> effect): the node
/// allocates for <paramref name="Pods"/> + pre-allocate at once, before its agent reports.
/// </summary>
/// <param name="Pods">Pods packed onto the node.</param>
public sealed record IntentDeclared(int Pods) : NodeEvent;

/// <summary>The throttle granted a token: the node may make one call of <paramref name="Action"/> now.</summary>
/// <param name="GrantId">The grant, to complete.</param>
/// <param name="Action">The action (and bucket) the token is for.</param>
/// <param name="Waited">How long the request waited.</param>
/// <param name="Waits">The throttle's queue estimates at the grant, when it sends them.</param>
public sealed record TokenGranted(long GrantId, Ec2Action Action, TimeSpan Waited, Planning.PathWaits? Waits = null) : NodeEvent;

/// <summary>EC2 answered the call the node made (the intent's action).</summary>
/// <param name="Result">What EC2 did, or its error.</param>
public sealed record CallAnswered(CallResult Result) : NodeEvent;

/// <summary>
/// The call the node meant to make was not sent: its intent could not be persisted (the store is down), and no call
/// is made whose intent is not durable. The grant goes back unused.
/// </summary>
/// <param name="Reason">Why.</param>
public sealed record CallAbandoned(string Reason) : NodeEvent;

/// <summary>The DescribeInstances the node asked for was answered.</summary>
/// <param name="Lookup">What EC2 said of the instance.</param>
/// <param name="Facts">The instance facts when it runs.</param>
/// <param name="Error">The error when it could not be read (or its type is unknown).</param>
/// <param name="State">EC2's state name when it is terminated or shutting down.</param>
public sealed record InstanceDescribed(InstanceLookup Lookup, InstanceFacts? Facts = null, Ec2Failure? Error = null, string? State = null) : NodeEvent;

/// <summary>The DescribeNetworkInterfaces the node asked for was answered: the ENIs attached to it or created for it.</summary>
/// <param name="Enis">Every ENI attached to the instance or tagged as created for it (empty when it failed).</param>
/// <param name="Error">The error, when the describe failed.</param>
public sealed record InterfacesDescribed(ImmutableArray<SeenEni> Enis, Ec2Failure? Error = null) : NodeEvent;

/// <summary>An ENI as a describe showed it, with the instance it is attached to.</summary>
/// <param name="Eni">The ENI.</param>
/// <param name="AttachedTo">The instance it is attached to, or null when it is not attached.</param>
public readonly record struct SeenEni(Eni Eni, string? AttachedTo);

/// <summary>The node's periodic tick (it runs while the node waits, backs off, or holds a release).</summary>
public sealed record Ticked : NodeEvent
{
    /// <summary>The one tick.</summary>
    public static Ticked Instance { get; } = new();
}

/// <summary>The node was activated with what it had persisted: it carries on without waiting for a report.</summary>
public sealed record Resumed : NodeEvent
{
    /// <summary>The one resume.</summary>
    public static Resumed Instance { get; } = new();
}

/// <summary>What a node's agent reports.</summary>
/// <param name="Used">Addresses held by running pods.</param>
/// <param name="Pending">Pods waiting for an address.</param>
/// <param name="InUse">The addresses in use, when the agent knows them (without them nothing is ever released).</param>
/// <param name="ReleaseAcks">Prefixes and IPs from the release proposal the agent confirms it will not use.</param>
public sealed record AgentReport(int Used, int Pending = 0, ImmutableArray<string>? InUse = null, ImmutableArray<string>? ReleaseAcks = null)
{
    /// <summary>The cluster the reporter acts for (a cluster's credential), or null for one acting for none (see <see cref="NodeClusters"/>).</summary>
    public string? Cluster { get; init; }

    /// <summary>The demand it states.</summary>
    public Demand Demand => new(Used, Pending);
}

/// <summary>What EC2 said of an instance.</summary>
public enum InstanceLookup
{
    /// <summary>It runs (or is starting): the facts are known.</summary>
    Running = 0,

    /// <summary>It is terminated or shutting down: the node is done.</summary>
    Terminated = 1,

    /// <summary>EC2 does not show it (unknown, or not yet visible: EC2 is eventually consistent).</summary>
    Missing = 2,

    /// <summary>It could not be read (an error, or its type is unknown).</summary>
    Failed = 3,
}
