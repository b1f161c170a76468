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
    [property: Id(9)] long Throttled);

/// <summary>The throttle grain's state, for the dashboard (its <c>GetState</c>) and the HTTP API.</summary>
[GenerateSerializer, Immutable, Alias("fleet.ThrottleView")]
public sealed record ThrottleView(
    [property: Id(0)] string Key,
    [property: Id(1)] double Share,
    [property: Id(2)] int Outstanding,
    [property: Id(3)] int Waiting,
    [property: Id(4)] ImmutableArray<BucketView> Buckets,
    [property: Id(5)] DateTimeOffset At);
