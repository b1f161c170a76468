namespace Fleet.Core.Model;

/// <summary>What a node's agent reports: addresses in use and pods waiting for one.</summary>
/// <param name="Used">Addresses held by running pods.</param>
/// <param name="Pending">Pods scheduled on the node that are waiting for an address.</param>
public readonly record struct Demand(int Used, int Pending = 0)
{
    /// <summary>No pods.</summary>
    public static Demand None => default;
}
