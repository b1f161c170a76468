namespace Fleet.Core.Throttling;

/// <summary>Permission to make one EC2 call now.</summary>
/// <param name="Id">Unique id, echoed back on completion.</param>
/// <param name="Requester">Who asked (e.g. an instance id).</param>
/// <param name="Action">The EC2 action (and bucket) the token was taken from.</param>
/// <param name="Class">Critical or housekeeping.</param>
/// <param name="GrantedAt">When it was granted.</param>
/// <param name="Waited">How long the request waited.</param>
public sealed record Grant(long Id, string Requester, Ec2Action Action, WorkClass Class, DateTimeOffset GrantedAt, TimeSpan Waited)
{
    /// <summary>The cluster the request was made for (<see cref="ThrottleScheduler.UnnamedCluster"/> when it named none).</summary>
    public string Cluster { get; init; } = ThrottleScheduler.UnnamedCluster;
}

/// <summary>What happened to a granted call.</summary>
public enum CallOutcome
{
    /// <summary>EC2 accepted the call (whatever its business result).</summary>
    Sent = 0,

    /// <summary>EC2 answered <c>RequestLimitExceeded</c>: someone else spends from the bucket.</summary>
    Throttled = 1,

    /// <summary>The token was not spent (nothing to do any more, or another action is needed): it goes back.</summary>
    Unused = 2,
}
