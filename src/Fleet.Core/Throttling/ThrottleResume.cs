namespace Fleet.Core.Throttling;

/// <summary>
/// How a scheduler carries on after an earlier one (the throttle grain's previous activation, lost with its silo).
/// EC2's buckets did not restart with it: the earlier scheduler may have emptied them just before it went. So each
/// bucket starts with only what EC2 has refilled since the earlier one last spent, and grant ids start past the
/// earlier ones, so a late completion of an old grant cannot complete a new one.
/// </summary>
/// <param name="SinceLastSpend">
/// Time since the earlier scheduler's last possible grant; negative when it promised none only until a moment still
/// to come (nothing refills before that moment).
/// </param>
/// <param name="FirstGrantId">The first grant id to hand out; above every id the earlier schedulers used.</param>
public sealed record ThrottleResume(TimeSpan SinceLastSpend, long FirstGrantId)
{
    /// <summary>The tokens a bucket with <paramref name="spec"/> is sure to hold again: negative is a debt to refill first.</summary>
    public double TokensFor(BucketSpec spec) => Math.Min(spec.Capacity, spec.RefillPerSecond * SinceLastSpend.TotalSeconds);
}
