namespace Fleet.Simulation.Policies;

/// <summary>
/// A token bucket whose callers reserve a token and are told when to go, first come first served, as Go's
/// <c>golang.org/x/time/rate</c> limiter does (Cilium's client-side limiter): a reservation takes a token now, the
/// balance may go negative, and the wait is the time refill needs to bring it back to zero. The oracles use it to
/// schedule calls exactly when EC2's per-action bucket will hold a token.
/// </summary>
/// <param name="capacity">The burst, tokens.</param>
/// <param name="perSecond">Refill, tokens per second.</param>
/// <param name="time">The clock.</param>
public sealed class ReservationBucket(double capacity, double perSecond, TimeProvider time)
{
    private readonly double _capacity = capacity;
    private double _tokens = capacity;
    private long _stamp = time.GetTimestamp();

    /// <summary>Reserves one token; answers how long to wait before using it.</summary>
    public TimeSpan Reserve()
    {
        Refill();
        _tokens -= 1;
        return WaitFor(_tokens);
    }

    /// <summary>How long a reservation made now would wait, without making it.</summary>
    public TimeSpan Peek()
    {
        Refill();
        return WaitFor(_tokens - 1);
    }

    /// <summary>Gives a reserved token back (the call was not made).</summary>
    public void Cancel()
    {
        Refill();
        _tokens = Math.Min(_tokens + 1, _capacity);
    }

    private TimeSpan WaitFor(double balance) =>
        balance >= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(-balance / perSecond * TimeSpan.TicksPerSecond));

    private void Refill()
    {
        var now = time.GetTimestamp();
        var elapsed = time.GetElapsedTime(_stamp, now).TotalSeconds;
        _stamp = now;
        _tokens = Math.Min(_capacity, _tokens + (elapsed * perSecond));
    }
}
