using System.Collections.Immutable;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// One step in progress: the memory as it evolves and the effects emitted so far. Local to <see cref="NodeLoop.Step"/>,
/// so the step stays a pure function of (memory, event, context). A finished turn is kept by its thread for the next
/// step (the loop's hottest path is a step per agent report); it holds nothing of the step it finished.
/// </summary>
internal sealed class Turn
{
    [ThreadStatic]
    private static Turn? t_spare;

    private readonly List<NodeEffect> _effects = new(8);
    private NodeMemory _memory = null!;
    private LoopState _loop = null!;

    // Whether _memory was made during this step: nobody else holds it, so the loop state is set in it rather than copied.
    private bool _owned;

    // Whether _loop was copied by Edit during this step: nobody else holds it, so it is changed in place.
    private bool _loopOwned;

    private Turn()
    {
    }

    /// <summary>A turn from <paramref name="memory"/>: the thread's spare one, or a new one while that is in use.</summary>
    public static Turn Start(NodeMemory memory, NodeContext context)
    {
        var turn = t_spare ?? new Turn();
        t_spare = null;
        turn.Before = turn._memory = memory;
        turn._loop = memory.Loop;
        turn.Context = context;
        return turn;
    }

    public NodeMemory Before { get; private set; } = null!;

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

    public NodeContext Context { get; private set; }

    public DateTimeOffset Now => Context.Now;

    public AllocatorOptions Options => Context.Options;

    /// <summary>
    /// The loop state. Setting it does not copy the memory: it is folded in when the turn finishes.
    /// </summary>
    public LoopState L
    {
        get => _loop;
        set
        {
            _loop = value;
            _loopOwned = false; // it may be shared (LoopState.Fresh): the next Edit copies it
        }
    }

    /// <summary>
    /// The loop state to change in place: a copy made in this step, once, on first use (the state the step began with,
    /// and any state set through <see cref="L"/>, may be held elsewhere and is never changed). A report that clears the
    /// last plan and the plan that sets the next so cost one copy, not two.
    /// </summary>
    public LoopState Edit()
    {
        if (!_loopOwned)
        {
            _loop = _loop with { };
            _loopOwned = true;
        }

        return _loop;
    }

    public bool Emitted<T>()
        where T : NodeEffect => _effects.Exists(e => e is T);

    public void Emit(NodeEffect effect) => _effects.Add(effect);

    public void Note(NodeObservation observation) => _effects.Add(observation);

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
    /// did not change (a refused first report stores nothing). The turn is done with then: it becomes the thread's spare.
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
            Edit().SavedPhase = phase;
        }

        var step = new NodeStep(Folded(), [.. _effects]);
        Release();
        return step;
    }

    /// <summary>Forgets the step (so the spare turn keeps no memory alive) and becomes the thread's spare.</summary>
    private void Release()
    {
        _effects.Clear();
        Before = _memory = null!;
        _loop = null!;
        _owned = _loopOwned = false;
        Context = default;
        t_spare = this;
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
}
