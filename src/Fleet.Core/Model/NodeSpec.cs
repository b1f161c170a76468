using System.Collections.Immutable;

namespace Fleet.Core.Model;

/// <summary>
/// How a node wants to be supplied. Field names and defaults follow Cilium's <c>CiliumNode.spec.ipam</c> and
/// <c>spec.eni</c>, so a Cilium user's settings carry over unchanged.
/// </summary>
public sealed record NodeSpec
{
    /// <summary>Cilium's default pre-allocation: 8 addresses.</summary>
    public const int DefaultPreAllocate = 8;

    /// <summary>The default spec: pre-allocate 8, first-interface-index 0, prefixes where supported.</summary>
    public static NodeSpec Default { get; } = new();

    /// <summary>
    /// Free addresses to keep beyond those in use. Default 8; as in Cilium, 0 means the default
    /// (so a Cilium spec that leaves it unset means the same here).
    /// </summary>
    public int PreAllocate { get; init; } = DefaultPreAllocate;

    /// <summary>The least number of addresses the node holds, in use or not. Default 0 (none).</summary>
    public int MinAllocate { get; init; }

    /// <summary>The most addresses the node holds. Default 0, meaning the instance maximum.</summary>
    public int MaxAllocate { get; init; }

    /// <summary>
    /// Extra addresses a call may fetch beyond the target when it is making a call anyway. Default 0.
    /// Example: target 40, max-above-watermark 16 → one call may bring the node to 56, saving a later call.
    /// </summary>
    public int MaxAboveWatermark { get; init; }

    /// <summary>
    /// ENIs with a lower device index are neither counted nor grown (1 keeps eth0 for the host). Default 0.
    /// </summary>
    public int FirstInterfaceIndex { get; init; }

    /// <summary>Whether each ENI's primary address is handed to pods too. Default false.</summary>
    public bool UsePrimaryAddress { get; init; }

    /// <summary>Prefixes or secondary IPs. Default <see cref="Model.PrefixDelegation.Auto"/>.</summary>
    public PrefixDelegation PrefixDelegation { get; init; } = PrefixDelegation.Auto;

    /// <summary>Subnets new ENIs may use, best first by free capacity. Takes precedence over <see cref="SubnetTags"/>.</summary>
    public ImmutableArray<string> SubnetIds { get; init; } = [];

    /// <summary>Tags a subnet must carry for new ENIs (all of them), when no <see cref="SubnetIds"/> are given.</summary>
    public ImmutableDictionary<string, string> SubnetTags { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Security groups for new ENIs; empty means eth0's groups.</summary>
    public ImmutableArray<string> SecurityGroups { get; init; } = [];

    /// <summary>ENIs carrying all of these tags are ignored, as if below the first interface index.</summary>
    public ImmutableDictionary<string, string> ExcludeInterfaceTags { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Whether ENIs Fleet attaches are set to be deleted with the instance. Default true.</summary>
    public bool DeleteOnTermination { get; init; } = true;

    /// <summary>
    /// The kubelet's max-pods for the node, or 0 when unknown (the default). A node never holds more than max-pods +
    /// pre-allocate (rounded up to whole prefixes) unless min-allocate says so, and max-pods bounds every prior.
    /// </summary>
    public int MaxPods { get; init; }

    /// <summary>The node's group (its node pool or autoscaling group); null means its instance type.</summary>
    public string? NodeGroup { get; init; }

    /// <summary>The Kubernetes cluster the node belongs to; null means the silo's <c>Fleet:Cluster:Name</c>.</summary>
    public string? Cluster { get; init; }

    /// <summary>The node's group: <see cref="NodeGroup"/>, or <paramref name="instanceType"/> when none is set.</summary>
    public string GroupFor(string instanceType) => string.IsNullOrEmpty(NodeGroup) ? instanceType : NodeGroup;

    /// <summary>The pre-allocation in force (0 means <see cref="DefaultPreAllocate"/>, as in Cilium).</summary>
    public int EffectivePreAllocate => PreAllocate == 0 ? DefaultPreAllocate : PreAllocate;
}
