using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;

namespace Fleet.Grains.Index;

/// <summary>
/// Every node's line (key <c>default</c>). Persisted write-behind — at most one write per <see cref="FlushPeriod"/>
/// however many nodes publish — so a listing survives the grain's silo dying; a line lost in the last period comes
/// back with the node's next change or report.
/// </summary>
public sealed class FleetIndexGrain([PersistentState("index", "fleet")] IPersistentState<FleetIndexState> store) : Grain, IFleetIndexGrain
{
    private static readonly TimeSpan FlushPeriod = TimeSpan.FromSeconds(2);
    private bool _dirty;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(static (self, _) => self.FlushAsync(), this,
            new GrainTimerCreationOptions { DueTime = FlushPeriod, Period = FlushPeriod, Interleave = false, KeepAlive = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => FlushAsync();

    /// <inheritdoc />
    public Task Upsert(NodeSummary summary)
    {
        store.State.Nodes[summary.InstanceId] = summary;
        _dirty = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ImmutableArray<NodeSummary>> List() =>
        Task.FromResult(store.State.Nodes.Values.OrderBy(n => n.InstanceId, StringComparer.Ordinal).ToImmutableArray());

    private async Task FlushAsync()
    {
        if (_dirty)
        {
            _dirty = false;
            await store.WriteStateAsync();
        }
    }
}
