namespace Fleet.Simulation.Engine;

/// <summary>
/// A discrete-event loop in the style of SimSharp's environment: one <see cref="VirtualClock"/>, events ordered by time
/// and then by the order they were scheduled (so same-time events always run in the same order), and a seeded random
/// source. Single-threaded; an event may schedule further events.
/// </summary>
/// <remarks>
/// Events wait in a priority queue, except those scheduled with <see cref="AfterFixed"/>: all events of one fixed delay
/// are scheduled in the order they fall due (the clock never goes back), so each delay keeps a plain FIFO lane and the
/// loop takes the earliest of the queue's head and the lanes' heads. The order is the one the queue alone would give;
/// only the heap's work for the most frequent events (a node's periodic tick) is saved.
/// </remarks>
public sealed class EventLoop
{
    private const int MaxLanes = 4;
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private readonly List<FixedLane> _lanes = [];
    private long _sequence;

    /// <summary>Creates a loop whose randomness is drawn from <paramref name="seed"/>.</summary>
    public EventLoop(int seed)
    {
        Random = new Random(seed);
    }

    /// <summary>The virtual clock.</summary>
    public VirtualClock Clock { get; } = new();

    /// <summary>Seeded randomness for the code the loop runs.</summary>
    public Random Random { get; }

    /// <summary>Virtual time now.</summary>
    public TimeSpan Now => Clock.Elapsed;

    /// <summary>Events run so far.</summary>
    public long Processed { get; private set; }

    /// <summary>Events waiting.</summary>
    public int Pending
    {
        get
        {
            var pending = _events.Count;
            foreach (var lane in _lanes)
            {
                pending += lane.Count;
            }

            return pending;
        }
    }

    /// <summary>Runs <paramref name="action"/> at virtual time <paramref name="at"/> (now, if that is past).</summary>
    public void At(TimeSpan at, Action action)
    {
        var ticks = Math.Max(at.Ticks, Clock.Elapsed.Ticks);
        _events.Enqueue(action, (ticks, _sequence++));
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time.</summary>
    public void After(TimeSpan delay, Action action) => At(Clock.Elapsed + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), action);

    /// <summary>
    /// Runs <paramref name="action"/> after <paramref name="delay"/>, like <see cref="After"/>, for a caller that schedules
    /// many events of this same delay (a period): they skip the priority queue. The first few distinct delays get a lane;
    /// any other goes through the queue. Either way the events run in the same order.
    /// </summary>
    public void AfterFixed(TimeSpan delay, Action action)
    {
        if (delay < TimeSpan.Zero || Lane(delay.Ticks) is not { } lane)
        {
            After(delay, action);
            return;
        }

        lane.Enqueue(Clock.Elapsed.Ticks + delay.Ticks, _sequence++, action);
    }

    /// <summary>Runs events in order until none is left or the next is later than <paramref name="until"/>.</summary>
    /// <param name="until">The end of the run; the clock stops there.</param>
    /// <param name="progress">Called now and then with the virtual time reached.</param>
    public void Run(TimeSpan until, Action<TimeSpan>? progress = null)
    {
        var nextReport = TimeSpan.Zero;
        while (TakeNext(until.Ticks) is { } action)
        {
            action.Invoke();
            Processed++;
            if (progress is not null && Clock.Elapsed >= nextReport)
            {
                progress(Clock.Elapsed);
                nextReport = Clock.Elapsed + TimeSpan.FromSeconds(30);
            }
        }

        if (Clock.Elapsed < until)
        {
            Clock.AdvanceTo(until);
        }
    }

    /// <summary>The earliest event due by <paramref name="until"/>, taken out, with the clock moved to its time.</summary>
    private Action? TakeNext(long until)
    {
        var hasQueued = _events.TryPeek(out _, out var earliest);
        FixedLane? from = null;
        foreach (var lane in _lanes)
        {
            if (lane.Count > 0 && ((!hasQueued && from is null) || lane.Head.CompareTo(earliest) < 0))
            {
                earliest = lane.Head;
                from = lane;
            }
        }

        if ((!hasQueued && from is null) || earliest.Ticks > until)
        {
            return null;
        }

        Clock.AdvanceTo(new TimeSpan(earliest.Ticks));
        if (from is not null)
        {
            return from.Dequeue();
        }

        _events.TryDequeue(out var action, out _);
        return action;
    }

    private FixedLane? Lane(long delay)
    {
        foreach (var lane in _lanes)
        {
            if (lane.Delay == delay)
            {
                return lane;
            }
        }

        if (_lanes.Count >= MaxLanes)
        {
            return null;
        }

        var added = new FixedLane(delay);
        _lanes.Add(added);
        return added;
    }

    /// <summary>The events of one delay, in the order they fall due (their times never decrease).</summary>
    private sealed class FixedLane(long delay)
    {
        private readonly Queue<(long Ticks, long Sequence, Action Action)> _queue = new();

        public long Delay => delay;

        public int Count => _queue.Count;

        /// <summary>When the first event falls due, and its place in the order of scheduling.</summary>
        public (long Ticks, long Sequence) Head
        {
            get
            {
                var (ticks, sequence, _) = _queue.Peek();
                return (ticks, sequence);
            }
        }

        public void Enqueue(long ticks, long sequence, Action action) => _queue.Enqueue((ticks, sequence, action));

        public Action Dequeue() => _queue.Dequeue().Action;
    }
}
