using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// What a node keeps only while active: its place at the throttle, reads and calls in flight, back-off, the last plan.
/// A node that was reactivated starts from <see cref="Fresh"/>: it reads EC2 again before it acts, and tells the
/// throttle it holds nothing.
/// A value to everyone outside the node loop: only a step changes one, and only a copy it made itself and nobody else
/// has seen yet (<see cref="Turn.Edit"/>), so a state once returned in a memory never changes.
/// </summary>
public sealed record LoopState
{
    // Instants are kept as UTC ticks (8 bytes, not the 16 of a DateTimeOffset or 24 of a nullable one): a report copies
    // the loop state once, and this is the hottest copy in the simulator. Every instant here is UTC, read off the clock.
    private long _requestedAt = Instants.Ticks(default(DateTimeOffset));
    private long _backoffUntil = Instants.None;
    private long _readBackoffUntil = Instants.None;

    /// <summary>The state of a node that just (re)activated.</summary>
    public static LoopState Fresh { get; } = new();

    /// <summary>The action the node asked a token for, if it waits for one.</summary>
    public Ec2Action? Requested { get; internal set; }

    /// <summary>When it last asked (a waiting node asks again every <see cref="AllocatorOptions.RequestKeepAlive"/>).</summary>
    public DateTimeOffset RequestedAt
    {
        get => Instants.Of(_requestedAt);
        internal set => _requestedAt = Instants.Ticks(value);
    }

    /// <summary>Whether the node has asked the throttle for anything since it activated.</summary>
    public bool AskedSinceActivation { get; internal set; }

    /// <summary>A grant used or declined, to complete with the next request (so the node never looks idle between calls).</summary>
    public GrantCompletion? Completion { get; internal set; }

    /// <summary>Whether the ENIs must be read from EC2 before the node acts (after activation or an unknown outcome).</summary>
    public bool NeedsReconcile { get; internal set; } = true;

    /// <summary>The describe in flight, if any.</summary>
    public Read Reading { get; internal set; }

    /// <summary>The grant whose call is in flight, if any.</summary>
    public long? Calling { get; internal set; }

    /// <summary>No call is asked for before this time.</summary>
    public DateTimeOffset? BackoffUntil
    {
        get => Instants.OfOptional(_backoffUntil);
        internal set => _backoffUntil = Instants.Ticks(value);
    }

    /// <summary>Errors in a row (the back-off doubles with each).</summary>
    public int ConsecutiveErrors { get; internal set; }

    /// <summary>No describe is started before this time (unless the agent's report asks for one): reads that failed.</summary>
    public DateTimeOffset? ReadBackoffUntil
    {
        get => Instants.OfOptional(_readBackoffUntil);
        internal set => _readBackoffUntil = Instants.Ticks(value);
    }

    /// <summary>Describes that failed in a row.</summary>
    public int ReadErrors { get; internal set; }

    /// <summary>What the last DescribeInstances said, if the node asked.</summary>
    public InstanceLookup? LastLookup { get; internal set; }

    /// <summary>Capacity calls in a row that EC2 accepted but that added no usable capacity.</summary>
    public int CallsWithoutProgress { get; internal set; }

    /// <summary>
    /// Set when a call EC2 accepted added nothing usable: the addresses the node held before it, to check against the
    /// next describe (an answer may be incomplete).
    /// </summary>
    public int? ProgressCheck { get; internal set; }

    /// <summary>The node's phase when it was last saved (a change of phase is published even when nothing else changed).</summary>
    public NodePhase SavedPhase { get; internal set; }

    /// <summary>The last plan, for status and urgency.</summary>
    public PlanOutcome? LastOutcome { get; internal set; }

    /// <summary>How long the last token took (the lookahead sizes a call to last until the next).</summary>
    public TimeSpan LastWait { get; internal set; }

    /// <summary>The throttle's queue estimates, as the last grant carried them (for the latency-first choice).</summary>
    public PathWaits? Waits { get; internal set; }

    /// <summary>Whether the node's periodic tick runs.</summary>
    public bool Ticking { get; internal set; }

    /// <summary>A report waiting for discovery before it can be checked (its answer is owed to the caller).</summary>
    public AgentReport? Unchecked { get; internal set; }

    /// <summary>A provisioner's intent waiting for discovery before it can be checked (its answer is owed to the caller).</summary>
    public int? UncheckedIntent { get; internal set; }

    /// <summary>Whether the node is reading or calling EC2.</summary>
    public bool Busy => Reading != Read.None || Calling is not null;
}

/// <summary>The describe a node waits for.</summary>
public enum Read
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>DescribeInstances (discovery).</summary>
    Instance = 1,

    /// <summary>DescribeNetworkInterfaces (reconcile).</summary>
    Interfaces = 2,
}

/// <summary>A grant to complete: its id and what happened to it.</summary>
/// <param name="GrantId">The grant.</param>
/// <param name="Outcome">Sent, throttled, or unused.</param>
public readonly record struct GrantCompletion(long GrantId, CallOutcome Outcome);
