namespace Fleet.Core.Throttling;

/// <summary>One lane of the throttle, for display.</summary>
/// <param name="Action">The EC2 action.</param>
/// <param name="Configured">The bucket as configured (EC2's, scaled by share and time scale).</param>
/// <param name="RefillPerSecond">The refill in force (after learning from throttles).</param>
/// <param name="Tokens">Tokens available now.</param>
/// <param name="CriticalWaiting">Critical requests waiting.</param>
/// <param name="HousekeepingWaiting">Housekeeping requests waiting.</param>
/// <param name="Granted">Tokens granted so far.</param>
/// <param name="Returned">Tokens returned unused.</param>
/// <param name="Throttled">Throttles reported.</param>
/// <param name="RateFactor">The learned fraction of the configured refill.</param>
/// <param name="TotalWait">Time requests spent waiting, summed.</param>
public sealed record LaneSnapshot(
    Ec2Action Action,
    BucketSpec Configured,
    double RefillPerSecond,
    double Tokens,
    int CriticalWaiting,
    int HousekeepingWaiting,
    long Granted,
    long Returned,
    long Throttled,
    double RateFactor,
    TimeSpan TotalWait)
{
    /// <summary>Each cluster's share of the lane and its use, in ordinal order of the names (empty before any request).</summary>
    public System.Collections.Immutable.ImmutableArray<ClusterShareSnapshot> Clusters { get; init; } = [];
}

/// <summary>One cluster's part of a lane, for display.</summary>
/// <param name="Cluster">The cluster (<see cref="ThrottleScheduler.UnnamedCluster"/> for requests that named none).</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Share">Its fraction of the bucket: its weight over every known cluster's.</param>
/// <param name="Credit">Tokens held for it now (with one cluster: the bucket's tokens).</param>
/// <param name="CriticalWaiting">Its critical requests waiting.</param>
/// <param name="HousekeepingWaiting">Its housekeeping requests waiting.</param>
/// <param name="Granted">Tokens granted to it.</param>
/// <param name="TotalWait">Time its requests spent waiting, summed.</param>
public sealed record ClusterShareSnapshot(
    string Cluster,
    double Weight,
    double Share,
    double Credit,
    int CriticalWaiting,
    int HousekeepingWaiting,
    long Granted,
    TimeSpan TotalWait);
