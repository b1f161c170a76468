namespace Fleet.Core.Throttling;

/// <summary>
/// A token bucket with continuous (fractional) refill, driven by a <see cref="TimeProvider"/> so tests and the
/// simulator control time. EC2 models its API throttling this way: each call takes one token; tokens refill at a
/// fixed rate up to the capacity; a call on an empty bucket is refused. Not thread-safe: callers serialise
/// (grains are single-threaded; the emulator locks).
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private double _tokens;
    private long _stamp;

    /// <summary>Creates a bucket, full unless <paramref name="initialTokens"/> says otherwise.</summary>
    /// <param name="capacity">The most tokens the bucket holds (EC2: the burst).</param>
    /// <param name="refillPerSecond">Tokens added per second (may be fractional, e.g. 0.5).</param>
    /// <param name="time">The clock.</param>
    /// <param name="initialTokens">
    /// Tokens at creation; defaults to <paramref name="capacity"/>. Negative is a debt refilled before the first token
    /// (a bucket that EC2 may still be spending from until a moment in the future).
    /// </param>
    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time, double? initialTokens = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(refillPerSecond);
        _time = time;
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _tokens = Math.Min(initialTokens is { } initial && double.IsFinite(initial) ? initial : capacity, capacity);
        _stamp = time.GetTimestamp();
    }

    /// <summary>The most tokens the bucket holds.</summary>
    public double Capacity { get; private set; }

    /// <summary>Tokens added per second.</summary>
    public double RefillPerSecond { get; private set; }

    /// <summary>Tokens available now (after refilling for the time elapsed); never negative.</summary>
    public double Available
    {
        get
        {
            Refill();
            return Math.Max(_tokens, 0);
        }
    }

    /// <summary>Takes <paramref name="count"/> tokens if they are all there; otherwise takes nothing.</summary>
    public bool TryTake(double count = 1)
    {
        Refill();
        if (_tokens + 1e-9 < count)
        {
            return false;
        }

        _tokens = Math.Max(_tokens - count, 0);
        return true;
    }

    /// <summary>How long until <paramref name="count"/> tokens are available (zero if they are now; infinite if never).</summary>
    public TimeSpan TimeUntilAvailable(double count = 1)
    {
        Refill();
        var missing = count - _tokens;
        if (missing <= 1e-9)
        {
            return TimeSpan.Zero;
        }

        if (RefillPerSecond <= 0 || count > Capacity)
        {
            return Timeout.InfiniteTimeSpan;
        }

        // Round up to the next tick so that waiting exactly this long always suffices.
        return TimeSpan.FromTicks((long)Math.Ceiling(missing / RefillPerSecond * TimeSpan.TicksPerSecond));
    }

    /// <summary>Puts back tokens taken but not spent (a grant returned unused); never beyond capacity.</summary>
    public void Return(double count = 1)
    {
        Refill();
        _tokens = Math.Min(Capacity, _tokens + count);
    }

    /// <summary>Empties the bucket (e.g. EC2 refused a call: someone else spent the tokens).</summary>
    public void Drain()
    {
        Refill();
        _tokens = 0;
    }

    /// <summary>Changes capacity and refill rate, keeping the tokens held (clamped to the new capacity).</summary>
    public void Reconfigure(double capacity, double refillPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(refillPerSecond);
        Refill();
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _tokens = Math.Min(_tokens, capacity);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_stamp, now);
        _stamp = now;
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed.TotalSeconds * RefillPerSecond));
        }
    }
}
