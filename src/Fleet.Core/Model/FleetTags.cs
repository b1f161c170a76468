namespace Fleet.Core.Model;

/// <summary>
/// Tags Fleet puts on every ENI it creates, in the create call itself, so an ENI never exists untagged and the
/// janitor can find orphans by cluster.
/// </summary>
public static class FleetTags
{
    /// <summary>The cluster that owns the ENI (value: the cluster name).</summary>
    public const string Cluster = "fleet.io/cluster";

    /// <summary>The instance the ENI was created for (value: the instance id).</summary>
    public const string Node = "fleet.io/node";

    /// <summary>
    /// The intent that created the ENI (value: its CreateNetworkInterface client token), so a node that lost the
    /// answer recognises the ENI its retried create would otherwise duplicate.
    /// </summary>
    public const string Intent = "fleet.io/intent";

    /// <summary>Whether the ENI was created by Fleet for the given node.</summary>
    public static bool IsOwnedBy(Eni eni, string instanceId) =>
        eni.Tags.TryGetValue(Node, out var owner) && string.Equals(owner, instanceId, StringComparison.Ordinal);
}
