namespace Fleet.Core.Throttling;

/// <summary>
/// What fraction of a bucket's configured refill Fleet dares to spend, learned from EC2's answers. A
/// <c>RequestLimitExceeded</c> means someone else spends from the same bucket: the fraction is cut multiplicatively
/// (once per episode: calls already in flight when the first throttle returns do not cut it again); it then recovers
/// additively and slowly. Cutting below what is left (to 40 %) lets EC2's bucket refill while Fleet probes back up,
/// so a neighbour taking half the bucket costs one throttle episode per few hundred calls. Time comes from the caller.
/// </summary>
/// <param name="options">Decrease factor, floor and recovery rate.</param>
public sealed class AdaptiveRate(AdaptiveRateOptions options)
{
    private double _factorAtCut = 1.0;
    private DateTimeOffset? _cutAt;

    /// <summary>Throttles seen.</summary>
    public long Throttles { get; private set; }

    /// <summary>The fraction of the configured refill in force at <paramref name="now"/> (floor ≤ f ≤ 1).</summary>
    public double Factor(DateTimeOffset now)
    {
        if (_cutAt is not { } cut)
        {
            return 1.0;
        }

        var recovered = _factorAtCut + (options.RecoveryPerSecond * Math.Max((now - cut).TotalSeconds, 0));
        return Math.Min(recovered, 1.0);
    }

    /// <summary>Records a throttle: the fraction drops to <c>Decrease ×</c> its current value (not below the floor).</summary>
    public void OnThrottled(DateTimeOffset now)
    {
        Throttles++;
        if (_cutAt is { } last && now - last < options.Cooldown)
        {
            return; // the same episode
        }

        _factorAtCut = Math.Max(Factor(now) * options.Decrease, options.Floor);
        _cutAt = now;
    }
}

/// <summary>Tuning of <see cref="AdaptiveRate"/>.</summary>
public sealed record AdaptiveRateOptions
{
    /// <summary>
    /// Defaults: cut to 40 % on a throttle, at most once per 2 s, never below 10 %, regain 0.1 percentage point per
    /// second (40 %→100 % in 10 minutes).
    /// </summary>
    public static AdaptiveRateOptions Default { get; } = new();

    /// <summary>Multiplier applied on a throttle. Default 0.4.</summary>
    public double Decrease { get; init; } = 0.4;

    /// <summary>The lowest fraction. Default 0.1.</summary>
    public double Floor { get; init; } = 0.1;

    /// <summary>Fraction regained per second after a throttle. Default 0.001.</summary>
    public double RecoveryPerSecond { get; init; } = 0.001;

    /// <summary>Throttles within this time of a cut belong to the same episode and do not cut again. Default 2 s.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>These options for time compressed by <paramref name="scale"/> (EC2 seconds per clock second).</summary>
    public AdaptiveRateOptions Compressed(double scale) => this with
    {
        RecoveryPerSecond = RecoveryPerSecond * scale,
        Cooldown = TimeSpan.FromTicks((long)(Cooldown.Ticks / scale)),
    };
}
