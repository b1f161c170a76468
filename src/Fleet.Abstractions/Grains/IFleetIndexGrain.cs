using System.Collections.Immutable;
using Fleet.Abstractions.Messages;

namespace Fleet.Abstractions.Grains;

/// <summary>The list of nodes (key: <c>default</c>), kept up to date by the node grains.</summary>
[Alias("fleet.IFleetIndexGrain")]
public interface IFleetIndexGrain : IGrainWithStringKey
{
    /// <summary>Adds or updates a node's line.</summary>
    [OneWay, Alias("Upsert")]
    Task Upsert(NodeSummary summary);

    /// <summary>
    /// One page of node lines in instance-id order, filtered by the index itself so a caller never receives the whole
    /// fleet at once. Keyset paging: stable under inserts (see <see cref="NodeQuery"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is not 1–<see cref="NodeQuery.MaxLimit"/>.</exception>
    [AlwaysInterleave, Alias("Page")]
    Task<NodePage> Page(NodeQuery query);

    /// <summary>
    /// The lines changed after <paramref name="sequence"/> of <paramref name="epoch"/>, at most <paramref name="limit"/>
    /// (1–<see cref="NodeChanges.MaxLimit"/>); from the start, with <see cref="NodeChanges.Reset"/>, when
    /// <paramref name="epoch"/> is null or not the index's current one.
    /// </summary>
    [AlwaysInterleave, Alias("Changes")]
    Task<NodeChanges> Changes(string? epoch, long sequence, int limit);

    /// <summary>Every cluster that has nodes in the index, with how many, by name.</summary>
    [AlwaysInterleave, Alias("Clusters")]
    Task<ImmutableArray<ClusterNodes>> Clusters();
}

/// <summary>A cluster and how many nodes of it the index lists.</summary>
/// <param name="Cluster">The cluster.</param>
/// <param name="Nodes">Its nodes.</param>
[GenerateSerializer, Immutable, Alias("fleet.ClusterNodes")]
public sealed record ClusterNodes(
    [property: Id(0)] string Cluster,
    [property: Id(1)] int Nodes);

/// <summary>Finds and deletes ENIs this cluster created that stay detached (key: the cluster name).</summary>
[Alias("fleet.IJanitorGrain")]
public interface IJanitorGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the janitor runs (silos call it at start and periodically).</summary>
    [Alias("Ensure")]
    Task Ensure();

    /// <summary>Runs one pass now (tests and operators).</summary>
    [Alias("RunPass")]
    Task<JanitorView> RunPass();

    /// <summary>What the janitor has seen and done.</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<JanitorView> GetState();
}

/// <summary>The janitor's view: candidates seen detached once, deletions done.</summary>
[GenerateSerializer, Immutable, Alias("fleet.JanitorView")]
public sealed record JanitorView(
    [property: Id(0)] ImmutableDictionary<string, DateTimeOffset> Candidates,
    [property: Id(1)] ImmutableArray<string> Deleted,
    [property: Id(2)] int Passes,
    [property: Id(3)] DateTimeOffset? LastPassAt,
    [property: Id(4)] string? LastError);
