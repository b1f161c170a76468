namespace Fleet.Core.Throttling;

/// <summary>
/// What fraction of a bucket's configured refill Fleet dares to spend, learned from EC2's answers. A
/// <c>RequestLimitExceeded</c> means someone else spends from the same bucket: the fraction is cut multiplicatively;
/// it then recovers additively, slowly, so throttles stay rare (about one per several hundred calls when a neighbour
/// takes half the bucket). Time comes from the caller, so the rule is pure.
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
        _factorAtCut = Math.Max(Factor(now) * options.Decrease, options.Floor);
        _cutAt = now;
    }
}

/// <summary>Tuning of <see cref="AdaptiveRate"/>.</summary>
public sealed record AdaptiveRateOptions
{
    /// <summary>Defaults: halve on throttle, never below 10 %, recover 0.2 percentage points per second (50 %→100 % in 250 s).</summary>
    public static AdaptiveRateOptions Default { get; } = new();

    /// <summary>Multiplier applied on a throttle. Default 0.5.</summary>
    public double Decrease { get; init; } = 0.5;

    /// <summary>The lowest fraction. Default 0.1.</summary>
    public double Floor { get; init; } = 0.1;

    /// <summary>Fraction regained per second after a throttle. Default 0.002.</summary>
    public double RecoveryPerSecond { get; init; } = 0.002;
}
