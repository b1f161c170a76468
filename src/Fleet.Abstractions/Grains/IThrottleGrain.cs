using Fleet.Abstractions.Messages;

namespace Fleet.Abstractions.Grains;

/// <summary>
/// The fleet-wide model of EC2's token buckets for one account and region (key: <c>{account}/{region}</c>). Grants
/// tokens by urgency; a holder holds at most one grant at a time and reports each grant's outcome. Requests are
/// idempotent (asking again keeps the place in line), so holders re-ask periodically: nothing is lost if this grain
/// moves to another silo.
/// </summary>
[Alias("fleet.IThrottleGrain")]
public interface IThrottleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Asks for a token for the request's action (an EC2 action name). A holder's first request after it (re)activated
    /// sets <see cref="TokenRequest.HoldsNothing"/>, so a grant lost with its previous activation is reclaimed at once.
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
    Task Complete(long grantId, GrantOutcome outcome, TokenRequest? next);

    /// <summary>Takes a token now for a call that does not queue (a batched describe page), or says when to retry.</summary>
    [Alias("TryAcquire")]
    Task<AcquireResult> TryAcquire(string action);

    /// <summary>Reports a throttle seen on a call made with <see cref="TryAcquire"/>.</summary>
    [OneWay, Alias("ObserveThrottle")]
    Task ObserveThrottle(string action);

    /// <summary>The buckets, queues and counters.</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<ThrottleView> GetState();
}
