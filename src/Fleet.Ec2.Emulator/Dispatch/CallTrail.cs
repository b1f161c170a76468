namespace Fleet.Ec2.Emulator.Dispatch;

/// <summary>The last N calls (a ring buffer) and the counters per action, outcome and client. Not thread-safe.</summary>
internal sealed class CallTrail(int capacity)
{
    private readonly TrailEntry?[] _ring = new TrailEntry?[capacity];
    private readonly Dictionary<string, Dictionary<string, long>> _byAction = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byClient = new(StringComparer.Ordinal);
    private long _sequence;

    public long NextSequence => _sequence + 1;

    public void Add(TrailEntry entry)
    {
        _sequence = entry.Sequence;
        _ring[(int)((entry.Sequence - 1) % _ring.Length)] = entry;
        if (!_byAction.TryGetValue(entry.Action, out var outcomes))
        {
            _byAction[entry.Action] = outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        outcomes[entry.Outcome] = outcomes.GetValueOrDefault(entry.Outcome) + 1;
        if (entry.Client is { } client)
        {
            _byClient[client] = _byClient.GetValueOrDefault(client) + 1;
        }
    }

    /// <summary>Entries with a sequence above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public List<TrailEntry> Since(long after, int limit)
    {
        var first = Math.Max(after + 1, Math.Max(1, _sequence - _ring.Length + 1));
        var result = new List<TrailEntry>((int)Math.Clamp(_sequence - first + 1, 0, limit));
        for (var s = first; s <= _sequence && result.Count < limit; s++)
        {
            result.Add(_ring[(int)((s - 1) % _ring.Length)]!);
        }

        return result;
    }

    public CallStatistics Statistics() => new(
        _sequence,
        _byAction.ToDictionary(a => a.Key, a => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(a.Value, StringComparer.Ordinal), StringComparer.Ordinal),
        new Dictionary<string, long>(_byClient, StringComparer.Ordinal));
}
