using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Priors;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// Everything one node knows, as one immutable value: what its host persists (spec, demand, ENIs as last seen, the
/// call in flight, the release handshake, the trend) and, in <see cref="Loop"/>, what it only keeps while active. The
/// node loop (<see cref="NodeLoop.Step"/>) maps a memory and an event to the next memory and a list of effects.
/// EC2 is the source of truth: a node that was reactivated starts with a fresh <see cref="Loop"/> and reads EC2 again
/// before it acts.
/// </summary>
public sealed record NodeMemory
{
    private readonly NodeStateCache _nodeState = new();

    /// <summary>A node that knows nothing yet (a trend window other than the default comes from the options).</summary>
    public NodeMemory(string instanceId, TimeSpan? trendWindow = null)
    {
        InstanceId = instanceId;
        Trend = new DemandTrend(trendWindow);
    }

    /// <summary>The EC2 instance id.</summary>
    public string InstanceId { get; init; }

    /// <summary>How the node wants to be supplied.</summary>
    public NodeSpec Spec { get; init; } = NodeSpec.Default;

    /// <summary>The instance facts and its type's limits; null until discovered (or while being re-discovered).</summary>
    public InstanceFacts? Instance { get; init; }

    /// <summary>The node's ENIs as last seen (eth0 included), attached ones by device index, then created ones.</summary>
    public ImmutableArray<Eni> Enis { get; init; } = [];

    /// <summary>When this node created each of its ENIs (kept through describes that do not show them yet).</summary>
    public ImmutableDictionary<string, DateTimeOffset> CreatedAt { get; init; } = ImmutableDictionary<string, DateTimeOffset>.Empty;

    /// <summary>The demand last accepted from the agent; null until the first.</summary>
    public ReportedDemand? Demand { get; init; }

    /// <summary>The mutating call in flight, persisted before it is sent.</summary>
    public CallIntent? Intent { get; init; }

    /// <summary>Counts intents, so client tokens are unique per node and stable across crashes.</summary>
    public long IntentSequence { get; init; }

    /// <summary>The release proposed to the agent, if any.</summary>
    public ReleaseProposal? Release { get; init; }

    /// <summary>The prefixes and IPs most recently released (at most 64), so a late acknowledgement is known to be stale.</summary>
    public ImmutableArray<string> Released { get; init; } = [];

    /// <summary>The last EC2 error the node met.</summary>
    public NodeError? LastError { get; init; }

    /// <summary>Mutating calls made, by action.</summary>
    public ImmutableDictionary<Ec2Action, long> Calls { get; init; } = ImmutableDictionary<Ec2Action, long>.Empty;

    /// <summary>When the node last became short (for time-to-capacity), or null when it is not.</summary>
    public DateTimeOffset? ShortSince
    {
        get => Instants.OfOptional(_shortSince);
        init => _shortSince = Instants.Ticks(value);
    }

    // UTC ticks (8 bytes, not 24): a step copies the memory, so its size is paid on every report.
    private readonly long _shortSince = Instants.None;

    /// <summary>Whether EC2 said the instance is terminated (or shutting down): the node is done for good.</summary>
    public bool Terminated { get; init; }

    /// <summary>ENIs created for this node that it gave up attaching; the janitor deletes them.</summary>
    public ImmutableArray<string> Abandoned { get; init; } = [];

    /// <summary>How the node's demand has been growing (the lookahead's inputs).</summary>
    public DemandTrend Trend { get; init; }

    /// <summary>What a provisioner launched the node for, while it holds (a floor under the demand).</summary>
    public PodIntent? PodIntent { get; init; }

    /// <summary>The node's own peak demand and whether it was reached (a young node is sized by priors).</summary>
    public NodePeak Peak { get; init; } = NodePeak.None;

    /// <summary>
    /// What the node keeps only while active. Set, beyond initializers, only by the step that made this memory, before
    /// it returns it (<see cref="Turn"/>): nothing else has seen the memory then.
    /// </summary>
    public LoopState Loop { get; internal set; } = LoopState.Fresh;

    /// <summary>The node as the planner sees it; null until discovered.</summary>
    public NodeState? Node => Instance is { } i ? _nodeState.Of(InstanceId, i, Enis) : null;

    /// <summary>The demand as the agent reported it.</summary>
    public Demand CurrentDemand => Demand?.Demand ?? Model.Demand.None;

    /// <summary>
    /// The demand as the planner sees it: the reported demand, with the provisioner's intent as a floor under it (pods
    /// it was launched for count as used until they arrive; an intent never lowers a higher demand).
    /// </summary>
    public Demand PlanningDemand => CurrentDemand is var d && PodIntent is { } intent && intent.Pods > d.Used + d.Pending
        ? d with { Used = intent.Pods - d.Pending }
        : CurrentDemand;
}

/// <summary>The instance facts discovery found, with the type's limits.</summary>
/// <param name="AvailabilityZone">The instance's zone.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="SubnetId">eth0's subnet.</param>
/// <param name="Limits">The instance type's ENI limits (EC2's DescribeInstanceTypes, or the embedded catalog).</param>
public sealed record InstanceFacts(string AvailabilityZone, string VpcId, string SubnetId, InstanceLimits Limits)
{
    /// <summary>The instance type.</summary>
    public string InstanceType => Limits.InstanceType;
}

/// <summary>The demand last accepted from the agent.</summary>
/// <param name="Demand">Used and pending.</param>
/// <param name="InUse">The addresses in use, or null when the agent never said (then nothing is ever released).</param>
/// <param name="At">When it was reported.</param>
public sealed record ReportedDemand(Demand Demand, ImmutableArray<string>? InUse, DateTimeOffset At)
{
    /// <summary>
    /// <see cref="InUse"/> as checked against the node's ENIs when it was accepted, so the next report is checked from
    /// where it differs; null when not known (after a restore, the next report is checked whole). Not persisted, and
    /// not part of equality: it is derived from the list.
    /// </summary>
    internal CheckedAddresses? Checked { get; init; }

    /// <inheritdoc />
    public bool Equals(ReportedDemand? other) =>
        other is not null && Demand == other.Demand && Nullable.Equals(InUse, other.InUse) && At == other.At;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Demand, InUse, At);
}

/// <summary>A mutating call, persisted before it is sent.</summary>
/// <param name="Action">The call.</param>
/// <param name="ClientToken">A create's idempotency token (<c>fleet-{instance}-{n}</c>): the same on every retry.</param>
/// <param name="CreatedAt">When the intent was formed.</param>
/// <param name="Attempts">How many times it was sent.</param>
public sealed record CallIntent(PlannedAction Action, string? ClientToken, DateTimeOffset CreatedAt, int Attempts)
{
    /// <summary>A line for operators.</summary>
    public string Describe() => $"{Action.Describe()} (attempt {Attempts}, since {CreatedAt:O})";
}

/// <summary>A release proposed to the agent: what, when, and when the agent confirmed it will not use it.</summary>
/// <param name="Addresses">The prefixes and IPs, all on one ENI.</param>
/// <param name="ProposedAt">When it was proposed.</param>
/// <param name="AckedAt">When the agent confirmed; null until then.</param>
public sealed record ReleaseProposal(ReleaseAddresses Addresses, DateTimeOffset ProposedAt, DateTimeOffset? AckedAt);

/// <summary>The last EC2 error a node met.</summary>
/// <param name="Action">The EC2 action.</param>
/// <param name="Code">EC2's error code (or Fleet's: <c>Inconsistent</c>, <c>NoProgress</c>, <c>UnknownInstanceType</c>).</param>
/// <param name="Message">What it said.</param>
/// <param name="At">When.</param>
public sealed record NodeError(Ec2Action Action, string Code, string Message, DateTimeOffset At)
{
    /// <inheritdoc />
    public override string ToString() => $"{Action}: {Code}: {Message} ({At:O})";
}
