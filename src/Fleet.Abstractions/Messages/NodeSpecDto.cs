using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>
/// A node's spec on the wire. Names and defaults follow Cilium's <c>CiliumNode.spec.ipam</c>/<c>spec.eni</c>: pre-allocate
/// 8 (0 means 8), min-allocate 0, max-allocate 0 (instance maximum), max-above-watermark 0, first-interface-index 0,
/// prefix delegation "auto" (prefixes where the type supports them), delete-on-termination true. Beyond Cilium's:
/// max-pods (0 = unknown), node group (default: the instance type) and cluster (default: the silo's).
/// </summary>
[GenerateSerializer, Immutable, Alias("fleet.NodeSpecDto")]
public sealed record NodeSpecDto
{
    [Id(0)] public int PreAllocate { get; init; } = 8;

    [Id(1)] public int MinAllocate { get; init; }

    [Id(2)] public int MaxAllocate { get; init; }

    [Id(3)] public int MaxAboveWatermark { get; init; }

    [Id(4)] public int FirstInterfaceIndex { get; init; }

    [Id(5)] public bool UsePrimaryAddress { get; init; }

    /// <summary><c>auto</c>, <c>on</c> or <c>off</c>.</summary>
    [Id(6)] public string PrefixDelegation { get; init; } = "auto";

    [Id(7)] public ImmutableArray<string> SubnetIds { get; init; } = [];

    [Id(8)] public ImmutableDictionary<string, string> SubnetTags { get; init; } = ImmutableDictionary<string, string>.Empty;

    [Id(9)] public ImmutableArray<string> SecurityGroups { get; init; } = [];

    [Id(10)] public bool DeleteOnTermination { get; init; } = true;

    /// <summary>ENIs carrying all of these tags are ignored (Cilium's <c>exclude-interface-tags</c>).</summary>
    [Id(11)] public ImmutableDictionary<string, string> ExcludeInterfaceTags { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The kubelet's max-pods, or 0 when unknown.</summary>
    [Id(12)] public int MaxPods { get; init; }

    /// <summary>The node's group (node pool); null means its instance type.</summary>
    [Id(13)] public string? NodeGroup { get; init; }

    /// <summary>The Kubernetes cluster the node belongs to; null means the silo's <c>Fleet:Cluster:Name</c>.</summary>
    [Id(14)] public string? Cluster { get; init; }
}
