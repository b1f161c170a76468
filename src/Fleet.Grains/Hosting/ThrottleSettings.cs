using System.Collections.Immutable;
using Fleet.Core.Throttling;

namespace Fleet.Grains.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Throttle</c>, bound from appsettings or <c>Fleet__Throttle__…</c>; every default is
/// <see cref="ThrottleOptions.Default"/>'s, so the silo and the simulator share one. Example:
/// <code>"Throttle": { "Share": 0.8, "Buckets": { "AttachNetworkInterface": { "Capacity": 150, "RefillPerSecond": 15 } } }</code>
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

    /// <summary>Per-action bucket overrides (EC2 action name → capacity and refill per second). Default: EC2's defaults.</summary>
    public Dictionary<string, BucketSetting> Buckets { get; set; } = [];

    /// <summary>The Core options these settings describe; errors name the key.</summary>
    public ThrottleOptions ToOptions(out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var overrides = ImmutableDictionary.CreateBuilder<Ec2Action, BucketSpec>();
        foreach (var (name, bucket) in Buckets)
        {
            if (!Ec2ActionFacts.TryParse(name, out var action))
            {
                problems.Add($"{Section}:Buckets:{name} is not an EC2 action Fleet knows (e.g. AssignPrivateIpAddresses).");
                continue;
            }

            if (bucket.Capacity < 1 || bucket.RefillPerSecond <= 0 || double.IsNaN(bucket.RefillPerSecond))
            {
                problems.Add($"{Section}:Buckets:{name} needs Capacity ≥ 1 and RefillPerSecond > 0.");
                continue;
            }

            overrides[action] = new BucketSpec(bucket.Capacity, bucket.RefillPerSecond);
        }

        var options = new ThrottleOptions
        {
            BucketOverrides = overrides.ToImmutable(),
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

/// <summary>One bucket override.</summary>
public sealed class BucketSetting
{
    /// <summary>Tokens the bucket holds (EC2's burst).</summary>
    public double Capacity { get; set; }

    /// <summary>Tokens added per second.</summary>
    public double RefillPerSecond { get; set; }
}
