using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;

namespace Fleet.Grains.Index;

/// <summary>
/// Every node's line (key <c>default</c>). Kept in memory: node grains publish on activation and on every change,
/// and agents report regularly, so the index rebuilds itself within one report interval after a move.
/// </summary>
public sealed class FleetIndexGrain : Grain, IFleetIndexGrain
{
    private readonly SortedDictionary<string, NodeSummary> _nodes = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task Upsert(NodeSummary summary)
    {
        _nodes[summary.InstanceId] = summary;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ImmutableArray<NodeSummary>> List() => Task.FromResult(_nodes.Values.ToImmutableArray());
}
