using Microsoft.Extensions.Time.Testing;

namespace Fleet.Testing;

/// <summary>
/// A fake clock that can move while a timer is being armed, as when a test's <see cref="FakeTimeProvider.Advance"/>
/// lands between a grain reading the time and arming the timer it computed from it (or the grain's thread pauses
/// there). Lets a test make that race happen every time instead of once in many runs under load.
/// </summary>
public sealed class SlippingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private TimeSpan? _slip;
    private int _slipped;

    /// <summary>Whether the slip asked for by <see cref="SlipWhileArming"/> has happened.</summary>
    public bool Slipped => Volatile.Read(ref _slipped) == 1;

    /// <summary>
    /// The next timer armed to fire in exactly <paramref name="due"/> is armed only after the clock has moved on by
    /// <paramref name="due"/>: it fires a whole <paramref name="due"/> later than its owner meant, unless the owner notices.
    /// </summary>
    public void SlipWhileArming(TimeSpan due)
    {
        Volatile.Write(ref _slipped, 0);
        lock (_gate)
        {
            _slip = due;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Slip(dueTime);
        return new Arming(this, base.CreateTimer(callback, state, dueTime, period));
    }

    private void Slip(TimeSpan due)
    {
        lock (_gate)
        {
            if (_slip != due)
            {
                return;
            }

            _slip = null;
        }

        Advance(due);
        Volatile.Write(ref _slipped, 1);
    }

    private sealed class Arming(SlippingClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Slip(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
