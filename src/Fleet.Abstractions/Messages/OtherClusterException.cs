namespace Fleet.Abstractions.Messages;

/// <summary>
/// A caller acting for one cluster tried to change a node of another (or to put a node into another): nothing changed.
/// The HTTP API answers it as a 403 <c>other-cluster</c> problem.
/// </summary>
[GenerateSerializer, Alias("fleet.OtherClusterException")]
public sealed class OtherClusterException : Exception
{
    /// <summary>Creates the exception; the message names the caller's cluster only.</summary>
    public OtherClusterException(string instanceId, string caller)
        : base($"Node {instanceId} belongs to another cluster than {caller} (or the spec names another); nothing was changed.")
    {
        InstanceId = instanceId;
        Caller = caller;
    }

    /// <summary>The node.</summary>
    [Id(0)]
    public string InstanceId { get; }

    /// <summary>The cluster the caller acts for.</summary>
    [Id(1)]
    public string Caller { get; }
}
