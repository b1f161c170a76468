namespace Fleet.Core.Throttling;

/// <summary>
/// What the scheduler knows of each cluster's work as a whole: the clusters and their weights, the requests each has
/// waiting, when its critical work was last active (its housekeeping waits for a quiet period after) and when it was
/// last seen at all (a cluster met only in requests is forgotten once idle long enough).
/// </summary>
internal sealed class ClusterActivity(ThrottleOptions options, GrantLedger grants, TimeSpan refillTime) : IClusterActivity
{
    private readonly Dictionary<string, (int Critical, int All)> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastCritical = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);
    private readonly TimeSpan _quietPeriod = TimeSpan.FromTicks((long)(options.HousekeepingQuietPeriod.Ticks / options.TimeScale));

    /// <summary>The clusters known and their weights.</summary>
    public ClusterRegistry Registry { get; } = new(options.ClusterWeights);

    /// <summary>Records that <paramref name="cluster"/> asked or completed something now (critical work too, when it was).</summary>
    public void Seen(string cluster, WorkClass workClass, DateTimeOffset now)
    {
        _lastSeen[cluster] = now;
        if (workClass == WorkClass.Critical)
        {
            _lastCritical[cluster] = now;
        }
    }

    /// <summary>A request of <paramref name="cluster"/> started (+1) or stopped (−1) waiting.</summary>
    public void CountWaiting(string cluster, WorkClass workClass, int delta)
    {
        var (critical, all) = _waiting.GetValueOrDefault(cluster);
        (critical, all) = (critical + (workClass == WorkClass.Critical ? delta : 0), all + delta);
        if (all == 0)
        {
            _waiting.Remove(cluster);
        }
        else
        {
            _waiting[cluster] = (critical, all);
        }
    }

    /// <summary>Requests of <paramref name="cluster"/> waiting, of either class.</summary>
    public int WaitingOf(string cluster) => _waiting.GetValueOrDefault(cluster).All;

    /// <summary>
    /// A cluster's housekeeping waits while any of its critical calls waits for a token or is in flight (its holder will
    /// ask again).
    /// </summary>
    public bool NoCriticalWork(string cluster) => _waiting.GetValueOrDefault(cluster).Critical == 0 && grants.Of(cluster).Critical == 0;

    /// <summary>And then for a quiet period, since nodes still discovering their instance have not asked yet.</summary>
    public DateTimeOffset QuietUntil(string cluster) => _lastCritical.TryGetValue(cluster, out var last) ? last + _quietPeriod : DateTimeOffset.MinValue;

    /// <summary>
    /// Forgets the clusters met only in requests of which nothing waits or is held and that have been idle as long as the
    /// slowest bucket takes to refill from empty (EC2's defaults: 20 s); true when one was (their shares go to the others).
    /// </summary>
    public bool ForgetIdle(DateTimeOffset now)
    {
        if (Registry.Count < 2)
        {
            return false;
        }

        var idle = Idle(now);
        foreach (var cluster in idle)
        {
            Registry.Remove(cluster);
            _lastCritical.Remove(cluster);
            _lastSeen.Remove(cluster);
        }

        return idle.Count > 0;
    }

    // Apart from ForgetIdle, so that its closure is allocated only with two clusters or more (the pump asks every step).
    private List<string> Idle(DateTimeOffset now) =>
        [.. Registry.Met.Where(c => !_waiting.ContainsKey(c) && grants.Of(c).Held == 0 && now - _lastSeen.GetValueOrDefault(c, DateTimeOffset.MinValue) >= refillTime)];
}
