using Fleet.Core.Node;
using Fleet.Core.Priors;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The node groups' peak histories in the simulation: what the node group grains keep in the silo, one
/// <see cref="PeakHistory"/> per group key, fed by the nodes' <see cref="RecordPeak"/> effects and read for their
/// <see cref="NodeContext.GroupPeak"/>. A run starts with no history (a fresh cluster), unless the scenario brings one.
/// </summary>
/// <param name="options">The allocator's prior options.</param>
internal sealed class FleetGroups(PriorOptions options)
{
    private readonly Dictionary<string, PeakHistory> _groups = new(StringComparer.Ordinal);

    /// <summary>The group's quantile peak now, or null while it has too little history.</summary>
    public int? Peak(string key, DateTimeOffset now) =>
        _groups.TryGetValue(key, out var history) ? history.Quantile(options.Quantile, options.MinNodes, now) : null;

    /// <summary>A node's peak, replacing its earlier one.</summary>
    public void Record(RecordPeak peak)
    {
        if (!_groups.TryGetValue(peak.GroupKey, out var history))
        {
            _groups[peak.GroupKey] = history = new PeakHistory(options.Window, peak.Peak.At);
        }

        if (peak.Replacing is { } earlier)
        {
            history.Remove(earlier);
        }

        history.Add(peak.Peak);
    }
}
