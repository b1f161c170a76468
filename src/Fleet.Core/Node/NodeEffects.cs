using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// What the node loop asks its host to do, in order. A host carries effects out and feeds what comes back (a describe's
/// answer, a call's answer, a grant, a tick) in as the next event; it decides nothing itself.
/// </summary>
public abstract record NodeEffect;

/// <summary>Ask the throttle for a token (asking again for the same action keeps the place in line).</summary>
/// <param name="Action">The action.</param>
/// <param name="Urgency">How urgent.</param>
/// <param name="HoldsNothing">The node's first request since it activated: any grant the throttle thinks it holds was lost.</param>
public sealed record RequestToken(Ec2Action Action, Urgency Urgency, bool HoldsNothing) : NodeEffect
{
    /// <summary>The cluster the call is for, whose share of the bucket pays for it (<see cref="NodeClusters.Of"/>).</summary>
    public string? Cluster { get; init; }
}

/// <summary>Withdraw the node's waiting request: it needs no call now.</summary>
public sealed record WithdrawToken : NodeEffect
{
    /// <summary>The one withdrawal.</summary>
    public static WithdrawToken Instance { get; } = new();
}

/// <summary>Report what happened to a grant, and in the same message ask for the next token (if any).</summary>
/// <param name="GrantId">The grant.</param>
/// <param name="Outcome">Sent, throttled or unused.</param>
/// <param name="Next">The next request, or null.</param>
public sealed record CompleteGrant(long GrantId, CallOutcome Outcome, RequestToken? Next) : NodeEffect;

/// <summary>Read the instance (a batched DescribeInstances; a miss is asked again by id); answer with <see cref="InstanceDescribed"/>.</summary>
public sealed record DescribeInstance : NodeEffect
{
    /// <summary>The one read.</summary>
    public static DescribeInstance Instance { get; } = new();
}

/// <summary>Read the node's ENIs (a batched DescribeNetworkInterfaces); answer with <see cref="InterfacesDescribed"/>.</summary>
public sealed record DescribeInterfaces : NodeEffect
{
    /// <summary>The one read.</summary>
    public static DescribeInterfaces Instance { get; } = new();
}

/// <summary>Make the call now (the intent is already persisted); answer with <see cref="CallAnswered"/>.</summary>
/// <param name="Action">The call.</param>
/// <param name="ClientToken">A create's idempotency token (also tagged on the ENI as <see cref="Model.FleetTags.Intent"/>).</param>
public sealed record CallEc2(PlannedAction Action, string? ClientToken) : NodeEffect
{
    /// <summary>The node's cluster, tagged (<see cref="Model.FleetTags.Cluster"/>) on an ENI the call creates.</summary>
    public string? Cluster { get; init; }
}

/// <summary>Write the node's durable state now (before the call that follows it).</summary>
public sealed record Persist : NodeEffect
{
    /// <summary>The one write.</summary>
    public static Persist Instance { get; } = new();
}

/// <summary>The node changed: write its state, and publish its allocation to its subscribers and the fleet index.</summary>
public sealed record Save : NodeEffect
{
    /// <summary>The one save.</summary>
    public static Save Instance { get; } = new();
}

/// <summary>A successful call took (positive) or gave back (negative) subnet room: tell the zone's subnet ledger.</summary>
/// <param name="SubnetId">The subnet.</param>
/// <param name="Addresses">Addresses.</param>
/// <param name="Blocks">Aligned /28 blocks.</param>
public sealed record ChangeSubnet(string SubnetId, int Addresses, int Blocks) : NodeEffect;

/// <summary>EC2 said the subnet has no free /28 (<paramref name="PrefixesOnly"/>) or no free address: avoid it for a while.</summary>
/// <param name="SubnetId">The subnet.</param>
/// <param name="PrefixesOnly">Whether only /28 blocks ran out.</param>
public sealed record MarkSubnetExhausted(string SubnetId, bool PrefixesOnly) : NodeEffect;

/// <summary>A call into the subnet failed transiently: its healthy siblings come first for a while; then plan again.</summary>
/// <param name="SubnetId">The subnet.</param>
public sealed record MarkSubnetImpaired(string SubnetId) : NodeEffect;

/// <summary>The node's copy of its zone's subnet capacity is stale: read it again before the next plan.</summary>
public sealed record RefreshSubnets : NodeEffect
{
    /// <summary>The one refresh.</summary>
    public static RefreshSubnets Instance { get; } = new();
}

/// <summary>Start (<paramref name="On"/>) or stop the node's periodic tick (<see cref="AllocatorOptions.TickInterval"/>).</summary>
/// <param name="On">Whether the tick runs.</param>
public sealed record SetTicking(bool On) : NodeEffect;

/// <summary>The answer owed to a <see cref="DemandReported"/> (possibly after a describe).</summary>
/// <param name="Outcome">Accepted, or why not.</param>
/// <param name="Detail">A sentence for the agent.</param>
public sealed record AnswerReport(ReportOutcome Outcome, string Detail) : NodeEffect
{
    /// <summary>The answer to a report that was stored (one instance: every accepted report gets it).</summary>
    public static AnswerReport Accepted { get; } = new(ReportOutcome.Accepted, "accepted");
}

/// <summary>The answer to a <see cref="SpecChanged"/>: accepted, or the problems (nothing changed).</summary>
/// <param name="Errors">Each field's problem; empty when accepted.</param>
public sealed record AnswerSpec(IReadOnlyDictionary<string, string> Errors) : NodeEffect
{
    /// <summary>
    /// Set when the spec was refused because the caller may not act for this cluster: the node's, or the one the spec
    /// names (<see cref="NodeClusters.Refusing"/>). Nothing changed.
    /// </summary>
    public string? RefusedFor { get; init; }
}

/// <summary>The answer to an <see cref="IntentDeclared"/> (possibly after a describe).</summary>
/// <param name="Outcome">Accepted, or why not (nothing changed).</param>
/// <param name="Detail">A sentence for the provisioner.</param>
public sealed record AnswerIntent(IntentOutcome Outcome, string Detail) : NodeEffect;

/// <summary>
/// The node's demand reached a peak: record it in the group's history (<see cref="Priors.PeakHistory"/>), taking out the
/// node's earlier peak if it recorded one.
/// </summary>
/// <param name="GroupKey">The group's history key (<see cref="Priors.NodePrior.GroupKey"/>).</param>
/// <param name="Peak">The peak.</param>
/// <param name="Replacing">The node's earlier peak, to take out, or null.</param>
public sealed record RecordPeak(string GroupKey, Priors.PeakSample Peak, Priors.PeakSample? Replacing) : NodeEffect;

/// <summary>Whether a provisioner's intent was taken.</summary>
public enum IntentOutcome
{
    /// <summary>Accepted: the node allocates for it.</summary>
    Accepted = 0,

    /// <summary>EC2 does not know the instance (or it is terminated); nothing was stored.</summary>
    UnknownInstance = 1,

    /// <summary>The pods are out of range (below 1, beyond max-pods or the instance maximum); nothing was stored.</summary>
    OutOfRange = 2,

    /// <summary>The instance could not be read from EC2 just now; nothing was stored; declare again.</summary>
    Ec2Unavailable = 3,
}

/// <summary>Whether a report was taken.</summary>
public enum ReportOutcome
{
    /// <summary>Accepted: the node plans for it.</summary>
    Accepted = 0,

    /// <summary>EC2 does not know the instance (or it is terminated); nothing was stored.</summary>
    UnknownInstance = 1,

    /// <summary>Used + pending exceed what the instance can ever hold; nothing was stored.</summary>
    ExceedsInstanceMaximum = 2,

    /// <summary>An address listed in use or acknowledged does not belong to the node; nothing was stored.</summary>
    ForeignAddress = 3,

    /// <summary>The report is malformed; nothing was stored.</summary>
    Invalid = 4,

    /// <summary>The instance could not be read from EC2 just now; nothing was stored; report again.</summary>
    Ec2Unavailable = 5,

    /// <summary>The node belongs to another cluster than the one the reporter acts for; nothing was stored.</summary>
    OtherCluster = 6,
}
