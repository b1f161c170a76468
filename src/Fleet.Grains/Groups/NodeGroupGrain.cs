using System.Collections.Immutable;
using Fleet.Core.Node;
using Fleet.Core.Priors;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Grains.Groups;

/// <summary>
/// One node group's peak history (DESIGN §2.7): a thin shell around Fleet.Core's <see cref="PeakHistory"/>, persisted
/// after every peak it records, read by the group's young nodes for the quantile they are sized for.
/// </summary>
public sealed partial class NodeGroupGrain(
    [PersistentState("group", "fleet")] IPersistentState<NodeGroupState> store,
    IOptions<AllocatorOptions> options,
    FleetClock clock,
    ILogger<NodeGroupGrain> logger) : Grain, INodeGroupGrain
{
    private PeakHistory? _history;

    private PriorOptions Prior => options.Value.Prior;

    private DateTimeOffset Now => clock.Grains.GetUtcNow();

    /// <inheritdoc />
    public Task<int?> GetPeak() => Task.FromResult(Restore()?.Quantile(Prior.Quantile, Prior.MinNodes, Now));

    /// <inheritdoc />
    public async Task Record(GroupPeakRecord peak)
    {
        var history = Restore() ?? (_history = new PeakHistory(Prior.Window, peak.At));
        if (peak is { ReplacedPods: { } pods, ReplacedAt: { } at })
        {
            history.Remove(new PeakSample(pods, at));
        }

        history.Add(new PeakSample(peak.Pods, peak.At));
        var snapshot = history.Snapshot();
        store.State.Landmark = snapshot.Landmark;
        store.State.Pods = [.. snapshot.Bins.Select(b => b.Pods)];
        store.State.Weights = [.. snapshot.Bins.Select(b => b.Weight)];
        store.State.Recorded++;
        store.State.UpdatedAt = Now;
        await store.WriteStateAsync();
        LogRecorded(logger, this.GetPrimaryKeyString(), peak.Pods, peak.ReplacedPods, history.Nodes(Now));
    }

    /// <inheritdoc />
    public Task<NodeGroupState> GetState() => Task.FromResult(store.State);

    /// <summary>The history as persisted, once per activation; null while the group has none.</summary>
    private PeakHistory? Restore()
    {
        if (_history is null && store.State.Landmark is { } landmark)
        {
            var bins = store.State.Pods.Zip(store.State.Weights, (pods, weight) => new PeakBin(pods, weight)).ToImmutableArray();
            _history = PeakHistory.Restore(new PeakHistorySnapshot(landmark, bins), Prior.Window);
        }

        return _history;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "Node group {Group}: recorded a peak of {Pods} pods (replacing {Replaced}); {Nodes:0.0} nodes' worth of history")]
    private static partial void LogRecorded(ILogger logger, string group, int pods, int? replaced, double nodes);
}
