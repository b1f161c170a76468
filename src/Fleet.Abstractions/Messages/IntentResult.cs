namespace Fleet.Abstractions.Messages;

/// <summary>Whether a provisioner's intent was taken.</summary>
public enum IntentStatus
{
    /// <summary>Accepted: the node allocates for the pods at once.</summary>
    Accepted = 0,

    /// <summary>EC2 does not know the instance (or it is terminated); nothing was stored.</summary>
    UnknownInstance = 1,

    /// <summary>The pods are out of range: below 1, beyond the node's max-pods or what the instance can hold; nothing was stored.</summary>
    OutOfRange = 2,

    /// <summary>The instance could not be read from EC2 just now; nothing was stored; declare again.</summary>
    Ec2Unavailable = 3,
}

/// <summary>The answer to an intent: the outcome, why, and the node's view (unchanged when refused).</summary>
/// <param name="Status">Accepted, or why not.</param>
/// <param name="Detail">A sentence for the provisioner.</param>
/// <param name="Node">The node's view after it.</param>
[GenerateSerializer, Immutable, Alias("fleet.IntentResult")]
public sealed record IntentResult(
    [property: Id(0)] IntentStatus Status,
    [property: Id(1)] string Detail,
    [property: Id(2)] NodeView Node);
