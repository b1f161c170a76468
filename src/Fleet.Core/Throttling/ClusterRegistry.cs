using System.Collections.Immutable;

namespace Fleet.Core.Throttling;

/// <summary>
/// The clusters a throttle serves and their weights: those configured (<see cref="ThrottleOptions.ClusterWeights"/>), kept
/// for the scheduler's life, and those met in requests (weight <see cref="ThrottleOptions.DefaultClusterWeight"/>), kept
/// while they have work, and for as long as the slowest bucket takes to refill after they were last active. A cluster's share of every bucket is its weight over the sum of the weights.
/// </summary>
internal sealed class ClusterRegistry(ImmutableDictionary<string, double> configured)
{
    private readonly SortedDictionary<string, double> _weights = new(configured, StringComparer.Ordinal);

    /// <summary>Clusters known now.</summary>
    public int Count => _weights.Count;

    /// <summary>Whether a cluster is known.</summary>
    public bool Contains(string cluster) => _weights.ContainsKey(cluster);

    /// <summary>Whether a cluster's share was configured (it is never forgotten).</summary>
    public bool IsConfigured(string cluster) => configured.ContainsKey(cluster);

    /// <summary>Clusters met in requests rather than configured.</summary>
    public IEnumerable<string> Met => _weights.Keys.Where(k => !configured.ContainsKey(k));

    /// <summary>A cluster's weight (0 when unknown).</summary>
    public double WeightOf(string cluster) => _weights.GetValueOrDefault(cluster);

    /// <summary>Adds a cluster met in a request; false when it was known.</summary>
    public bool Add(string cluster) => _weights.TryAdd(cluster, ThrottleOptions.DefaultClusterWeight);

    /// <summary>Forgets a cluster met in requests.</summary>
    public bool Remove(string cluster) => !IsConfigured(cluster) && _weights.Remove(cluster);

    /// <summary>Every cluster's share of a bucket, in ordinal order of the names.</summary>
    public IReadOnlyList<(string Cluster, double Share)> Shares()
    {
        var total = _weights.Values.Sum();
        return [.. _weights.Select(w => (w.Key, w.Value / total))];
    }
}
