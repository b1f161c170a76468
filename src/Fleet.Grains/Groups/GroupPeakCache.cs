namespace Fleet.Grains.Groups;

/// <summary>A node's short-lived copy of its group's quantile peak (re-read after <paramref name="freshness"/>, or at once after it recorded a peak).</summary>
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

        _peak = await grains.GetGrain<INodeGroupGrain>(key).GetPeak();
        (_key, _at) = (key, time.GetUtcNow());
        return _peak;
    }

    /// <summary>The peak last read (for the node's view), or null.</summary>
    public int? Last => _peak;

    public void Invalidate() => _key = null;
}
