using System.Collections.Immutable;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// One step in progress: the memory as it evolves and the effects emitted so far. Local to <see cref="NodeLoop.Step"/>,
/// so the step stays a pure function of (memory, event, context).
/// </summary>
internal sealed class Turn(NodeMemory memory, NodeContext context)
{
    private readonly List<NodeEffect> _effects = [];

    public NodeMemory Before { get; } = memory;

    private NodeMemory _memory = memory;
    private LoopState _loop = memory.Loop;

    // Whether _memory was made during this step: nobody else holds it, so the loop state is set in it rather than copied.
    private bool _owned;

    /// <summary>
    /// The memory as it is now, but for its <see cref="NodeMemory.Loop"/>: during the turn the loop state is
    /// <see cref="L"/>, and it is folded into the memory once, by <see cref="Finish"/>. Reading and changing the memory
    /// several times in a step so costs one copy per change, not one more per read.
    /// </summary>
    public NodeMemory M
    {
        get => _memory;
        set
        {
            _memory = value;
            _owned = !ReferenceEquals(value, Before); // always a copy made in this step (M with { … })
        }
    }

    public NodeContext Context { get; } = context;

    public DateTimeOffset Now => Context.Now;

    public AllocatorOptions Options => Context.Options;

    /// <summary>
    /// The loop state. Setting it does not copy the memory: it is folded in when the turn finishes.
    /// </summary>
    public LoopState L
    {
        get => _loop;
        set => _loop = value;
    }

    public bool Emitted<T>()
        where T : NodeEffect => _effects.Exists(e => e is T);

    public void Emit(NodeEffect effect) => _effects.Add(effect);

    public void Note(NodeObservation observation) => _effects.Add(new Observe(observation));

    public void Answer(ReportOutcome outcome, string detail)
    {
        Emit(new AnswerReport(outcome, detail));
        if (outcome != ReportOutcome.Accepted)
        {
            Note(new ReportRefused(outcome, detail));
        }
    }

    public void AnswerIntent(IntentOutcome outcome, string detail) => Emit(new AnswerIntent(outcome, detail));

    public void RecordError(Ec2Action action, string code, string message) =>
        M = M with { LastError = new NodeError(action, code, message, Now) };

    /// <summary>Backs off: doubling per error in a row (at least <paramref name="atLeast"/> errors' worth).</summary>
    public void Backoff(int atLeast = 0)
    {
        var errors = Math.Max(L.ConsecutiveErrors + 1, atLeast);
        L = L with { ConsecutiveErrors = errors, BackoffUntil = Now + Options.Backoff(errors) };
    }

    /// <summary>A describe failed: the next one waits, doubling per failure in a row (a report still asks at once).</summary>
    public void BackoffReads()
    {
        var errors = L.ReadErrors + 1;
        L = L with { ReadErrors = errors, ReadBackoffUntil = Now + Options.Backoff(errors) };
    }

    /// <summary>A describe succeeded.</summary>
    public void ReadSucceeded() => L = L with { ReadErrors = 0, ReadBackoffUntil = null };

    /// <summary>
    /// The memory and effects. A save is added when the durable state or the node's phase changed — but not after a
    /// <see cref="Persist"/> (the call's answer saves), and not for a node that never accepted a report and whose spec
    /// did not change (a refused first report stores nothing).
    /// </summary>
    public NodeStep Finish()
    {
        var phase = NodeStanding.Phase(Folded(), Options);
        var nothingToKeep = M.Demand is null && Before.Demand is null && ReferenceEquals(M.Spec, Before.Spec);
        if (!Emitted<Save>() && !Emitted<Persist>() && !nothingToKeep && (!Durable.Same(Before, M) || phase != Before.Loop.SavedPhase))
        {
            _effects.Add(Save.Instance);
        }

        if (Emitted<Save>() && L.SavedPhase != phase)
        {
            L = L with { SavedPhase = phase };
        }

        return new NodeStep(Folded(), [.. _effects]);
    }

    /// <summary>The memory with the loop state as it is now.</summary>
    private NodeMemory Folded()
    {
        if (ReferenceEquals(_memory.Loop, _loop))
        {
            return _memory;
        }

        if (_owned)
        {
            _memory.Loop = _loop;
        }
        else
        {
            _memory = _memory with { Loop = _loop };
            _owned = true;
        }

        return _memory;
    }

    public PlanningContext Planning(DemandTrend trend) => new(M.Node!, M.Spec, M.PlanningDemand, Context.Subnets)
    {
        Lookahead = trend.Lookahead(L.LastWait, Options.LookaheadFactor),
        Prior = Peaks.Level(this),
    };

    public ImmutableArray<NodeEffect> Effects => [.. _effects];
}
