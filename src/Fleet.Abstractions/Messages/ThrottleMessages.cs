using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>One EC2 action's bucket as the throttle sees it.</summary>
[GenerateSerializer, Immutable, Alias("fleet.BucketView")]
public sealed record BucketView(
    [property: Id(0)] string Action,
    [property: Id(1)] double Capacity,
    [property: Id(2)] double ConfiguredRefillPerSecond,
    [property: Id(3)] double RefillPerSecond,
    [property: Id(4)] double Tokens,
    [property: Id(5)] int CriticalWaiting,
    [property: Id(6)] int HousekeepingWaiting,
    [property: Id(7)] long Granted,
    [property: Id(8)] long Returned,
    [property: Id(9)] long Throttled)
{
    /// <summary>Each cluster's share of this bucket and its use, by cluster name (empty before any request).</summary>
    [Id(10)] public ImmutableArray<ClusterShareView> Clusters { get; init; } = [];
}

/// <summary>One cluster's part of a bucket: what it is owed and what it took.</summary>
/// <param name="Cluster">The Kubernetes cluster.</param>
/// <param name="Weight">Its weight (<c>Fleet:Throttle:ClusterWeights</c>, default 1).</param>
/// <param name="Share">Its fraction of the bucket: its weight over every known cluster's.</param>
/// <param name="Tokens">Tokens of the bucket held for it now (with one cluster: the bucket's).</param>
/// <param name="CriticalWaiting">Its critical requests waiting.</param>
/// <param name="HousekeepingWaiting">Its housekeeping requests waiting.</param>
/// <param name="Granted">Tokens granted to it (since the throttle grain activated).</param>
[GenerateSerializer, Immutable, Alias("fleet.ClusterShareView")]
public sealed record ClusterShareView(
    [property: Id(0)] string Cluster,
    [property: Id(1)] double Weight,
    [property: Id(2)] double Share,
    [property: Id(3)] double Tokens,
    [property: Id(4)] int CriticalWaiting,
    [property: Id(5)] int HousekeepingWaiting,
    [property: Id(6)] long Granted);

/// <summary>The throttle grain's state, for the dashboard (its <c>GetState</c>) and the HTTP API.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ThrottleView")]
public sealed record ThrottleView(
    [property: Id(0)] string Key,
    [property: Id(1)] double Share,
    [property: Id(2)] int Outstanding,
    [property: Id(3)] int Waiting,
    [property: Id(4)] ImmutableArray<BucketView> Buckets,
    [property: Id(5)] DateTimeOffset At);
