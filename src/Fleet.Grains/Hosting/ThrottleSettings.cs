using System.Collections.Immutable;
using Fleet.Core.Throttling;

namespace Fleet.Grains.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Throttle</c>, bound from appsettings or <c>Fleet__Throttle__…</c>; every default is
/// <see cref="ThrottleOptions.Default"/>'s, so the silo and the simulator share one. Example:
/// <code>"Throttle": { "Share": 0.8, "Buckets": { "AttachNetworkInterface": { "Capacity": 150, "RefillPerSecond": 15 } },
///   "ClusterWeights": { "prod": 2, "staging": 1 } }</code>
/// </summary>
public sealed class ThrottleSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Throttle";

    /// <summary>The share of the account's EC2 budget Fleet may spend, in (0, 1]. Default 1.</summary>
    public double Share { get; set; } = ThrottleOptions.Default.Share;

    /// <summary>Time compression for compressed-time runs: refill rates × this factor. Default 1.</summary>
    public double TimeScale { get; set; } = ThrottleOptions.Default.TimeScale;

    /// <summary>Fraction of each bucket housekeeping leaves for the critical path, in [0, 1). Default 0.2.</summary>
    public double HousekeepingReserve { get; set; } = ThrottleOptions.Default.HousekeepingReserve;

    /// <summary>How much later than its grant a call may reach EC2, in EC2 time; Fleet keeps refill × jitter tokens in reserve. Default 1 s.</summary>
    public TimeSpan ArrivalJitter { get; set; } = ThrottleOptions.Default.ArrivalJitter;

    /// <summary>Housekeeping starts only after critical work has been quiet this long, in EC2 time. Default 1 s.</summary>
    public TimeSpan HousekeepingQuietPeriod { get; set; } = ThrottleOptions.Default.HousekeepingQuietPeriod;

    /// <summary>A grant not completed within this time (EC2 time) is reclaimed: its holder crashed or lost it. Default 30 s.</summary>
    public TimeSpan GrantLease { get; set; } = ThrottleOptions.Default.GrantLease;

    /// <summary>
    /// Per-action bucket settings (EC2 action name → capacity and refill per second, when AWS raised them; and/or the share
    /// of that bucket Fleet may spend, overriding <see cref="Share"/>). Default: EC2's defaults, spent at <see cref="Share"/>.
    /// </summary>
    public Dictionary<string, BucketSetting> Buckets { get; set; } = [];

    /// <summary>
    /// Weights of the Kubernetes clusters this Fleet serves (cluster name → weight, 0 &lt; w ≤ 1000): every bucket is
    /// shared between them in proportion. Clusters named here keep their share while idle; any other cluster weighs 1 and
    /// keeps its share while it has work. Default: none (equal shares between the clusters that ask).
    /// </summary>
    public Dictionary<string, double> ClusterWeights { get; set; } = [];

    /// <summary>The Core options these settings describe; errors name the key.</summary>
    public ThrottleOptions ToOptions(out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var overrides = ImmutableDictionary.CreateBuilder<Ec2Action, BucketSpec>();
        var shares = ImmutableDictionary.CreateBuilder<Ec2Action, double>();
        foreach (var (name, bucket) in Buckets)
        {
            if (!Ec2ActionFacts.TryParse(name, out var action))
            {
                problems.Add($"{Section}:Buckets:{name} is not an EC2 action Fleet knows (e.g. AssignPrivateIpAddresses).");
                continue;
            }

            if (bucket.Share is { } share)
            {
                if (share is <= 0 or > 1 || double.IsNaN(share))
                {
                    problems.Add($"{Section}:Buckets:{name}:Share must be in (0, 1]; it is {share}.");
                }
                else
                {
                    shares[action] = share;
                }
            }

            if (bucket.Capacity is null && bucket.RefillPerSecond is null && bucket.Share is not null)
            {
                continue; // only a share: EC2's default bucket
            }

            if (bucket.Capacity is not >= 1 || bucket.RefillPerSecond is not > 0 || double.IsNaN(bucket.RefillPerSecond.Value))
            {
                problems.Add($"{Section}:Buckets:{name} needs Capacity ≥ 1 and RefillPerSecond > 0 (or only a Share).");
                continue;
            }

            overrides[action] = new BucketSpec(bucket.Capacity.Value, bucket.RefillPerSecond.Value);
        }

        var weights = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (cluster, weight) in ClusterWeights)
        {
            if (!Core.Node.SpecValidator.IsName(cluster))
            {
                problems.Add($"{Section}:ClusterWeights:{cluster} is not a cluster name (1–128 letters, digits and . _ / -, starting with a letter or digit).");
            }
            else if (weight is <= 0 or > 1000 || double.IsNaN(weight))
            {
                problems.Add($"{Section}:ClusterWeights:{cluster} must be in (0, 1000]; it is {weight}.");
            }
            else
            {
                weights[cluster] = weight;
            }
        }

        var options = new ThrottleOptions
        {
            BucketOverrides = overrides.ToImmutable(),
            BucketShares = shares.ToImmutable(),
            ClusterWeights = weights.ToImmutable(),
            Share = Share,
            TimeScale = TimeScale,
            HousekeepingReserve = HousekeepingReserve,
            ArrivalJitter = ArrivalJitter,
            HousekeepingQuietPeriod = HousekeepingQuietPeriod,
            GrantLease = GrantLease,
        };
        problems.AddRange(options.Validate().Select(e => $"{Section}:{e}"));
        errors = problems;
        return options;
    }
}

/// <summary>One bucket's settings: its size (both or neither), its share, or both.</summary>
public sealed class BucketSetting
{
    /// <summary>Tokens the bucket holds (EC2's burst). Default: EC2's.</summary>
    public double? Capacity { get; set; }

    /// <summary>Tokens added per second. Default: EC2's.</summary>
    public double? RefillPerSecond { get; set; }

    /// <summary>
    /// The share of this bucket Fleet may spend, in (0, 1]; the rest is left to the account's other tools. Default:
    /// <c>Fleet:Throttle:Share</c>.
    /// </summary>
    public double? Share { get; set; }
}
