using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Fleet.Grains.Index;

/// <summary>
/// Every node's line (key <c>default</c>). Persisted write-behind — at most one write per <see cref="FlushPeriod"/>
/// however many nodes publish — so a listing survives the grain's silo dying; a line lost in the last period comes
/// back with the node's next change or report. Serves listings a page at a time, filtered here, and a change feed
/// (<see cref="IndexLines"/>), so no caller receives ten thousand lines to show a hundred.
/// </summary>
public sealed partial class FleetIndexGrain(
    [PersistentState("index", "fleet")] IPersistentState<FleetIndexState> store,
    ILogger<FleetIndexGrain> logger) : Grain, IFleetIndexGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(2);
    private IndexLines _lines = null!;
    private bool _dirty;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lines = new IndexLines(store.State.Nodes.Keys);
        this.RegisterGrainTimer(static (self, _) => self.FlushAsync(), this,
            new GrainTimerCreationOptions { DueTime = FlushPeriod, Period = FlushPeriod, Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A silo that shuts down has left the cluster before its grains deactivate: in-memory storage keeps state in
        // storage grains, which can no longer be placed then, so the write could only fail (and log an error); that
        // state dies with the silo anyway. Durable storage (Redis) writes directly and still gets the last lines.
        if (_dirty && reason.ReasonCode == DeactivationReasonCode.ShuttingDown && ServiceProvider.GetKeyedService<IGrainStorage>("fleet") is MemoryGrainStorage)
        {
            LogUnflushedAtShutdown(logger, store.State.Nodes.Count);
            return Task.CompletedTask;
        }

        return FlushAsync();
    }

    /// <inheritdoc />
    public Task Upsert(NodeSummary summary)
    {
        // Nodes republish their line every IndexRefresh to heal a lost index: an unchanged line is not a change.
        if (store.State.Nodes.TryGetValue(summary.InstanceId, out var known) && known == summary)
        {
            return Task.CompletedTask;
        }

        store.State.Nodes[summary.InstanceId] = summary;
        _lines.Touch(summary.InstanceId);
        _dirty = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<NodePage> Page(NodeQuery query)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, NodeQuery.MaxLimit);
        var page = ImmutableArray.CreateBuilder<NodeSummary>(Math.Min(query.Limit, 64));
        foreach (var id in _lines.After(query.After))
        {
            var node = store.State.Nodes[id];
            if (!query.Matches(node))
            {
                continue;
            }

            if (page.Count == query.Limit)
            {
                return Task.FromResult(new NodePage(page.ToImmutable(), page[^1].InstanceId));
            }

            page.Add(node);
        }

        return Task.FromResult(new NodePage(page.ToImmutable(), null));
    }

    /// <inheritdoc />
    public Task<NodeChanges> Changes(string? epoch, long sequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, NodeChanges.MaxLimit);
        var reset = epoch != _lines.Epoch;
        var (ids, last, more) = _lines.ChangedSince(reset ? 0 : sequence, limit);
        var nodes = ids.Select(id => store.State.Nodes[id]).ToImmutableArray();
        return Task.FromResult(new NodeChanges(_lines.Epoch, last, reset, more, nodes));
    }

    /// <inheritdoc />
    public Task<ImmutableArray<ClusterNodes>> Clusters() => Task.FromResult(store.State.Nodes.Values
        .Where(n => n.Cluster is not null)
        .GroupBy(n => n.Cluster!, StringComparer.Ordinal)
        .Select(g => new ClusterNodes(g.Key, g.Count()))
        .OrderBy(c => c.Cluster, StringComparer.Ordinal)
        .ToImmutableArray());

    private async Task FlushAsync()
    {
        if (_dirty)
        {
            _dirty = false;
            await store.WriteStateAsync();
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug,
        Message = "Fleet index not written at shutdown: in-memory storage ends with the silo ({Nodes} lines)")]
    private static partial void LogUnflushedAtShutdown(ILogger logger, int nodes);
}
