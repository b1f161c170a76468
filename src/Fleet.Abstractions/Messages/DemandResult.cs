namespace Fleet.Abstractions.Messages;

/// <summary>Whether a demand report was taken.</summary>
public enum DemandOutcome
{
    /// <summary>Accepted: the node plans for it.</summary>
    Accepted = 0,

    /// <summary>EC2 does not know the instance (or it is terminated); nothing was stored.</summary>
    UnknownInstance = 1,

    /// <summary>Used + pending exceed what the instance can ever hold; nothing was stored.</summary>
    ExceedsInstanceMaximum = 2,

    /// <summary>An address listed in use or acknowledged for release does not belong to the node; nothing was stored.</summary>
    ForeignAddress = 3,

    /// <summary>The report itself is malformed (negative counts, bad addresses); nothing was stored.</summary>
    Invalid = 4,

    /// <summary>
    /// Not now: the node has not read its instance from EC2 yet and EC2 just answered with an error (500, 503, a
    /// timeout), so the report could not be checked; nothing was stored. A transient answer: report again.
    /// </summary>
    Ec2Unavailable = 5,

    /// <summary>The node belongs to another cluster than the one the reporter acts for; nothing was stored.</summary>
    OtherCluster = 6,
}

/// <summary>The answer to a demand report: the outcome, why, and the node's allocation (unchanged when refused).</summary>
[GenerateSerializer, Immutable, Alias("fleet.DemandResult")]
public sealed record DemandResult(
    [property: Id(0)] DemandOutcome Outcome,
    [property: Id(1)] string Detail,
    [property: Id(2)] NodeAllocation Allocation);
