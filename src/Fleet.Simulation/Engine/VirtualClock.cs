namespace Fleet.Simulation.Engine;

/// <summary>
/// The one clock of a simulation: <see cref="TimeProvider.GetUtcNow"/> and <see cref="TimeProvider.GetTimestamp"/>
/// return the virtual now, which only the <see cref="EventLoop"/> moves forward. No timers: events drive
/// everything. The emulator's buckets, Fleet's throttle and Cilium's limiter all read this clock, so they refill in
/// virtual time.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    /// <summary>Virtual time zero, as a wall-clock instant (any fixed instant would do).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private long _ticks;

    /// <summary>Time elapsed since <see cref="Epoch"/>.</summary>
    public TimeSpan Elapsed => new(_ticks);

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Epoch.AddTicks(_ticks);

    /// <inheritdoc />
    public override long GetTimestamp() => _ticks;

    /// <summary>Moves the clock to <paramref name="elapsed"/>; time never goes back.</summary>
    internal void AdvanceTo(TimeSpan elapsed)
    {
        if (elapsed.Ticks < _ticks)
        {
            throw new InvalidOperationException($"Virtual time cannot go back from {Elapsed} to {elapsed}.");
        }

        _ticks = elapsed.Ticks;
    }
}
