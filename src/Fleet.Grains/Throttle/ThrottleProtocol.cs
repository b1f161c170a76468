using Fleet.Abstractions.Messages;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Grains.Throttle;

/// <summary>
/// The fleet-wide model of EC2's token buckets for one account and region (key: <c>{account}/{region}</c>): the token
/// protocol between the silo's grains. Grants tokens by urgency; a holder holds at most one grant at a time and
/// reports each grant's outcome. Requests are idempotent (asking again keeps the place in line), so holders re-ask
/// periodically: nothing is lost if this grain moves to another silo. The aliases and the messages' layouts are
/// Fleet 0.1's, so silos of both versions exchange tokens during a rolling upgrade.
/// </summary>
[Alias("fleet.IThrottleGrain")]
public interface IThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Asks for a token for the request's action. A holder's first request after it (re)activated sets
    /// <see cref="TokenRequest.HoldsNothing"/>, so a grant lost with its previous activation is reclaimed at once.
    /// </summary>
    [OneWay, Alias("Request")]
    Task Request(TokenRequest request);

    /// <summary>Withdraws a waiting request.</summary>
    [OneWay, Alias("Withdraw")]
    Task Withdraw(string requester);

    /// <summary>
    /// Reports what happened to a grant and, in the same step, asks for the holder's next token (if any), so the
    /// holder never looks idle between two calls of one piece of work.
    /// </summary>
    [OneWay, Alias("Complete")]
    Task Complete(long grantId, CallOutcome outcome, TokenRequest? next);

    /// <summary>Takes a token now for a call that does not queue (a batched describe page), or says when to retry.</summary>
    [Alias("TryAcquire")]
    Task<AcquireResult> TryAcquire(Ec2Action action);

    /// <summary>Reports a throttle seen on a call made with <see cref="TryAcquire"/>.</summary>
    [OneWay, Alias("ObserveThrottle")]
    Task ObserveThrottle(Ec2Action action);

    /// <summary>The buckets, queues and counters (the Orleans Dashboard's Grain Details shows it).</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<ThrottleView> GetState();
}

/// <summary>A grain that waits for EC2 tokens from the throttle grain.</summary>
[Alias("fleet.ITokenHolder")]
public interface ITokenHolder : IGrainWithStringKey
{
    /// <summary>
    /// A token was granted: make the call now, then report the outcome with <see cref="IThrottleGrain.Complete"/>.
    /// One-way, so the throttle never waits on a holder.
    /// </summary>
    [OneWay, Alias("OnGranted")]
    Task OnGranted(TokenGrant grant);
}

/// <summary>A request for a token, sent along with the completion of the previous grant.</summary>
/// <param name="Requester">Who asks (an instance id, or <c>janitor:{cluster}</c>).</param>
/// <param name="Holder">Where the grant goes.</param>
/// <param name="Action">The action (and bucket).</param>
/// <param name="Urgency">How urgent.</param>
/// <param name="HoldsNothing">The holder's first request since it activated.</param>
[GenerateSerializer, Immutable, Alias("fleet.TokenRequest")]
public sealed record TokenRequest(
    [property: Id(0)] string Requester,
    [property: Id(1)] ITokenHolder Holder,
    [property: Id(2)] Ec2Action Action,
    [property: Id(3)] Urgency Urgency,
    [property: Id(4)] bool HoldsNothing = false)
{
    /// <summary>
    /// The Kubernetes cluster the call is for, whose share of the bucket pays for it; null (a Fleet 0.1 silo's request)
    /// means the throttle silo's <c>Fleet:Cluster:Name</c>.
    /// </summary>
    [Id(5)] public string? Cluster { get; init; }
}

/// <summary>Permission to make one EC2 call of <paramref name="Action"/> now.</summary>
/// <param name="Id">The grant, to complete.</param>
/// <param name="Action">The action.</param>
/// <param name="Class">Critical or housekeeping.</param>
/// <param name="GrantedAt">When.</param>
/// <param name="Waited">How long the request waited.</param>
[GenerateSerializer, Immutable, Alias("fleet.TokenGrant")]
public sealed record TokenGrant(
    [property: Id(0)] long Id,
    [property: Id(1)] Ec2Action Action,
    [property: Id(2)] WorkClass Class,
    [property: Id(3)] DateTimeOffset GrantedAt,
    [property: Id(4)] TimeSpan Waited)
{
    /// <summary>How long a new request would wait for an Assign token, when the throttle says (for the latency-first choice).</summary>
    [Id(5)] public TimeSpan? AssignWait { get; init; }

    /// <summary>Likewise for a Create token.</summary>
    [Id(6)] public TimeSpan? CreateWait { get; init; }

    /// <summary>Likewise for an Attach token.</summary>
    [Id(7)] public TimeSpan? AttachWait { get; init; }

    /// <summary>The queue estimates, when all three were sent.</summary>
    public PathWaits? Waits => AssignWait is { } assign && CreateWait is { } create && AttachWait is { } attach ? new PathWaits(assign, create, attach) : null;
}

/// <summary>The answer to an immediate token request (describes).</summary>
/// <param name="Granted">Whether a token was taken.</param>
/// <param name="RetryAfter">When one may be free.</param>
[GenerateSerializer, Immutable, Alias("fleet.AcquireResult")]
public sealed record AcquireResult(
    [property: Id(0)] bool Granted,
    [property: Id(1)] TimeSpan RetryAfter);
