namespace Fleet.Grains.Groups;

/// <summary>
/// A node's short-lived copy of its group's quantile peak (re-read after <paramref name="freshness"/>, or at once after it
/// recorded a peak). A group grain that cannot be reached reads as no history: the node falls back to its max-pods
/// rather than stopping, since the history sizes calls and never decides whether one is made.
/// </summary>
internal sealed class GroupPeakCache(TimeProvider time, TimeSpan freshness)
{
    private string? _key;
    private int? _peak;
    private DateTimeOffset _at;

    public async Task<int?> GetAsync(IGrainFactory grains, string key)
    {
        if (_key == key && time.GetUtcNow() - _at < freshness)
        {
            return _peak;
        }

        try
        {
            _peak = await grains.GetGrain<INodeGroupGrain>(key).GetPeak();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            _peak = null;
        }

        (_key, _at) = (key, time.GetUtcNow());
        return _peak;
    }

    /// <summary>The peak last read (for the node's view), or null.</summary>
    public int? Last => _peak;

    public void Invalidate() => _key = null;
}
