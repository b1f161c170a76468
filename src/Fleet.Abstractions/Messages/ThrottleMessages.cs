using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>Critical-path or housekeeping work.</summary>
public enum WorkKind
{
    Critical = 0,
    Housekeeping = 1,
}

/// <summary>What happened to a granted call.</summary>
public enum GrantOutcome
{
    /// <summary>The call reached EC2.</summary>
    Sent = 0,

    /// <summary>EC2 answered RequestLimitExceeded.</summary>
    Throttled = 1,

    /// <summary>The token was not spent.</summary>
    Unused = 2,
}

/// <summary>A request's urgency: pods pending first, then by deficit.</summary>
[GenerateSerializer, Immutable, Alias("fleet.TokenUrgency")]
public sealed record TokenUrgency(
    [property: Id(0)] WorkKind Kind,
    [property: Id(1)] int PendingPods,
    [property: Id(2)] int Deficit);

/// <summary>A request for a token, sent along with the completion of the previous grant.</summary>
[GenerateSerializer, Immutable, Alias("fleet.TokenRequest")]
public sealed record TokenRequest(
    [property: Id(0)] string Requester,
    [property: Id(1)] Grains.ITokenHolder Holder,
    [property: Id(2)] string Action,
    [property: Id(3)] TokenUrgency Urgency,
    [property: Id(4)] bool HoldsNothing = false);

/// <summary>Permission to make one EC2 call of <paramref name="Action"/> now.</summary>
[GenerateSerializer, Immutable, Alias("fleet.TokenGrant")]
public sealed record TokenGrant(
    [property: Id(0)] long Id,
    [property: Id(1)] string Action,
    [property: Id(2)] WorkKind Kind,
    [property: Id(3)] DateTimeOffset GrantedAt,
    [property: Id(4)] TimeSpan Waited);

/// <summary>The answer to an immediate token request (describes).</summary>
[GenerateSerializer, Immutable, Alias("fleet.AcquireResult")]
public sealed record AcquireResult(
    [property: Id(0)] bool Granted,
    [property: Id(1)] TimeSpan RetryAfter);

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
