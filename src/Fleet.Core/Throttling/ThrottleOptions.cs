using System.Collections.Immutable;

namespace Fleet.Core.Throttling;

/// <summary>How the throttle models EC2's buckets and orders waiting calls.</summary>
public sealed record ThrottleOptions
{
    /// <summary>EC2's defaults, spent in full.</summary>
    public static ThrottleOptions Default { get; } = new();

    /// <summary>Per-action overrides of EC2's default buckets (accounts raised by AWS support differ). Default: none.</summary>
    public ImmutableDictionary<Ec2Action, BucketSpec> BucketOverrides { get; init; } = ImmutableDictionary<Ec2Action, BucketSpec>.Empty;

    /// <summary>
    /// The share of the account's budget Fleet may spend, 0 &lt; share ≤ 1. Default 1: Fleet assumes it owns the
    /// buckets and learns from throttles when it does not. Lower it when other tools in the account are busy.
    /// </summary>
    public double Share { get; init; } = 1.0;

    /// <summary>
    /// Per-action shares overriding <see cref="Share"/>: what is left of that bucket (1 − share) is the reserve for the
    /// account's other tools. Default: none (every bucket uses <see cref="Share"/>). Example: 0.5 for
    /// AssignPrivateIpAddresses when a VPC CNI cluster in the same account assigns addresses too.
    /// </summary>
    public ImmutableDictionary<Ec2Action, double> BucketShares { get; init; } = ImmutableDictionary<Ec2Action, double>.Empty;

    /// <summary>The weight of a cluster no weight was configured for.</summary>
    public const double DefaultClusterWeight = 1.0;

    /// <summary>
    /// The weights of the clusters this throttle serves (Kubernetes cluster name → weight &gt; 0). Every bucket is shared
    /// between the clusters known in proportion to their weights: a cluster is always served up to its share (burst
    /// included) whatever the others ask, and what it leaves unused flows to the others. Clusters named here keep their
    /// share while idle; a cluster met only in requests has weight <see cref="DefaultClusterWeight"/> and keeps its share
    /// while it has work and until it has been idle as long as the slowest bucket takes to refill (EC2's defaults: 20 s).
    /// Default: none (every cluster that asks weighs 1: equal shares). Example: <c>{ "prod": 3, "staging": 1 }</c>.
    /// </summary>
    public ImmutableDictionary<string, double> ClusterWeights { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>Time compression: refill rates are multiplied by this factor (capacities unchanged). Default 1.</summary>
    public double TimeScale { get; init; } = 1.0;

    /// <summary>
    /// How much later than its grant a call may reach EC2 (network and scheduling jitter), in EC2 time. EC2 refills
    /// from arrivals while Fleet counts from grants, so a call that overtakes a slower one could find EC2's bucket
    /// empty; Fleet's model therefore holds <c>refill × jitter</c> fewer tokens than EC2's (for AssignPrivateIpAddresses
    /// at 5/s and the default 1 s: 95 instead of 100). Default 1 s.
    /// </summary>
    public TimeSpan ArrivalJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Fraction of a bucket's capacity that housekeeping never spends, kept for the critical path. Default 0.2.</summary>
    public double HousekeepingReserve { get; init; } = 0.2;

    /// <summary>
    /// Housekeeping starts only after critical work has been quiet this long (EC2 time): during a scale-out nodes keep
    /// arriving, and a token spent on DeleteOnTermination is one a late node's first call may miss. Default 1 s.
    /// </summary>
    public TimeSpan HousekeepingQuietPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A grant not completed within this time (EC2 time: divided by <see cref="TimeScale"/> in compressed runs) is
    /// reclaimed: its holder crashed or lost it. Default 30 s: a call's answer takes well under a second, and a holder
    /// that lost its grant (its silo died, its state write failed) should not wait longer for its next token.
    /// </summary>
    public TimeSpan GrantLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Urgency ordering with aging.</summary>
    public UrgencyPolicy Urgency { get; init; } = UrgencyPolicy.Default;

    /// <summary>Learning from throttles.</summary>
    public AdaptiveRateOptions Adaptive { get; init; } = AdaptiveRateOptions.Default;

    /// <summary>The bucket Fleet models for an action: EC2's default or the override, scaled by share and time scale.</summary>
    public BucketSpec BucketFor(Ec2Action action)
    {
        var spec = BucketOverrides.TryGetValue(action, out var custom) ? custom : Ec2BucketDefaults.For(action);
        var shared = spec.Scaled(BucketShares.TryGetValue(action, out var share) ? share : Share);
        var reserve = Math.Min(shared.RefillPerSecond * ArrivalJitter.TotalSeconds, shared.Capacity / 2);
        return new BucketSpec(Math.Max(shared.Capacity - reserve, 1), shared.RefillPerSecond * TimeScale);
    }

    /// <summary>Errors in the options, each naming the field; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Share is <= 0 or > 1 || double.IsNaN(Share))
        {
            yield return $"Share must be in (0, 1]; it is {Share}.";
        }

        if (TimeScale <= 0 || double.IsNaN(TimeScale) || double.IsInfinity(TimeScale))
        {
            yield return $"TimeScale must be positive; it is {TimeScale}.";
        }

        if (HousekeepingReserve is < 0 or >= 1)
        {
            yield return $"HousekeepingReserve must be in [0, 1); it is {HousekeepingReserve}.";
        }

        if (ArrivalJitter < TimeSpan.Zero || ArrivalJitter > TimeSpan.FromMinutes(1))
        {
            yield return $"ArrivalJitter must be between 0 and 1 minute; it is {ArrivalJitter}.";
        }

        if (HousekeepingQuietPeriod < TimeSpan.Zero)
        {
            yield return $"HousekeepingQuietPeriod must not be negative; it is {HousekeepingQuietPeriod}.";
        }

        if (GrantLease <= TimeSpan.Zero)
        {
            yield return $"GrantLease must be positive; it is {GrantLease}.";
        }

        foreach (var (action, share) in BucketShares)
        {
            if (share is <= 0 or > 1 || double.IsNaN(share))
            {
                yield return $"BucketShares[{action}] must be in (0, 1]; it is {share}.";
            }
        }

        foreach (var (cluster, weight) in ClusterWeights)
        {
            if (!Node.SpecValidator.IsName(cluster))
            {
                yield return $"ClusterWeights: '{cluster}' is not a cluster name (1–128 letters, digits and . _ / -, starting with a letter or digit).";
            }

            if (weight is <= 0 or > 1000 || double.IsNaN(weight))
            {
                yield return $"ClusterWeights[{cluster}] must be in (0, 1000]; it is {weight}.";
            }
        }

        foreach (var (action, bucket) in BucketOverrides)
        {
            if (bucket.Capacity < 1 || bucket.RefillPerSecond <= 0)
            {
                yield return $"BucketOverrides[{action}] needs capacity ≥ 1 and refill > 0; it is {bucket}.";
            }
        }
    }
}
