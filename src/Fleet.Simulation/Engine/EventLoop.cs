namespace Fleet.Simulation.Engine;

/// <summary>
/// A discrete-event loop in the style of SimSharp's environment: one <see cref="VirtualClock"/>, a priority queue of
/// events ordered by time and then by the order they were scheduled (so same-time events always run in the same
/// order), and a seeded random source. Single-threaded; an event may schedule further events.
/// </summary>
public sealed class EventLoop
{
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
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
    public int Pending => _events.Count;

    /// <summary>Runs <paramref name="action"/> at virtual time <paramref name="at"/> (now, if that is past).</summary>
    public void At(TimeSpan at, Action action)
    {
        var ticks = Math.Max(at.Ticks, Clock.Elapsed.Ticks);
        _events.Enqueue(action, (ticks, _sequence++));
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time.</summary>
    public void After(TimeSpan delay, Action action) => At(Clock.Elapsed + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay), action);

    /// <summary>Runs events in order until none is left or the next is later than <paramref name="until"/>.</summary>
    /// <param name="until">The end of the run; the clock stops there.</param>
    /// <param name="progress">Called now and then with the virtual time reached.</param>
    public void Run(TimeSpan until, Action<TimeSpan>? progress = null)
    {
        var nextReport = TimeSpan.Zero;
        while (_events.TryPeek(out _, out var key) && key.Ticks <= until.Ticks)
        {
            _events.TryDequeue(out var action, out _);
            Clock.AdvanceTo(new TimeSpan(key.Ticks));
            action!.Invoke();
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
}
