namespace Fleet.Core.Throttling;

/// <summary>One EC2 action's bucket, its learned rate and its two queues (critical, housekeeping).</summary>
internal sealed class ThrottleLane
{
    private readonly BucketSpec _spec;

    public ThrottleLane(Ec2Action action, BucketSpec spec, ThrottleOptions options, TimeProvider time, double? initialTokens = null)
    {
        Action = action;
        _spec = spec;
        Bucket = new TokenBucket(spec.Capacity, spec.RefillPerSecond, time, initialTokens);
        Adaptive = new AdaptiveRate(options.Adaptive.Compressed(options.TimeScale));
        var urgency = options.Urgency.Compressed(options.TimeScale);
        Critical = new UrgencyQueue<string>(urgency);
        Housekeeping = new UrgencyQueue<string>(urgency);
    }

    public Ec2Action Action { get; }

    public TokenBucket Bucket { get; }

    public AdaptiveRate Adaptive { get; }

    public UrgencyQueue<string> Critical { get; }

    public UrgencyQueue<string> Housekeeping { get; }

    public long Granted { get; set; }

    public long Returned { get; set; }

    public long Throttled => Adaptive.Throttles;

    public TimeSpan TotalWait { get; set; }

    public BucketSpec Configured => _spec;

    public UrgencyQueue<string> QueueFor(WorkClass workClass) => workClass == WorkClass.Critical ? Critical : Housekeeping;

    /// <summary>Applies the learned rate before the bucket is read.</summary>
    public void Adapt(DateTimeOffset now) =>
        Bucket.Reconfigure(_spec.Capacity, _spec.RefillPerSecond * Adaptive.Factor(now));
}
