namespace Fleet.Grains.Index;

/// <summary>
/// The fleet index's two orders over its node ids: by instance id (for keyset pages) and by last change (a change feed
/// numbered within an <see cref="Epoch"/>, one per activation). Not thread-safe: the grain's turn-based concurrency
/// serialises its use.
/// </summary>
internal sealed class IndexLines
{
    private readonly SortedSet<string> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Id, long Sequence)> _byChange = new();
    private readonly Dictionary<string, LinkedListNode<(string Id, long Sequence)>> _changeOf = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Starts a new epoch holding <paramref name="ids"/>, numbered in id order.</summary>
    public IndexLines(IEnumerable<string> ids)
    {
        Epoch = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()));
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            Touch(id);
        }
    }

    /// <summary>This activation's change feed: sequences from another epoch mean nothing here.</summary>
    public string Epoch { get; }

    /// <summary>The last change's number (0 when none).</summary>
    public long Sequence => _sequence;

    /// <summary>Records that <paramref name="id"/>'s line was added or changed.</summary>
    public void Touch(string id)
    {
        _sequence++;
        if (_changeOf.Remove(id, out var node))
        {
            _byChange.Remove(node);
        }
        else
        {
            _byId.Add(id);
        }

        _changeOf[id] = _byChange.AddLast((id, _sequence));
    }

    /// <summary>The ids after <paramref name="after"/> (every id when null), in ordinal order.</summary>
    public IEnumerable<string> After(string? after)
    {
        if (after is null)
        {
            return _byId;
        }

        if (_byId.Count == 0 || StringComparer.Ordinal.Compare(after, _byId.Max) >= 0)
        {
            return [];
        }

        var view = _byId.GetViewBetween(after, _byId.Max!);
        return view.SkipWhile(id => string.Equals(id, after, StringComparison.Ordinal));
    }

    /// <summary>
    /// The ids changed after <paramref name="since"/>, oldest change first, at most <paramref name="limit"/>; the
    /// sequence to ask from next, and whether more changes wait.
    /// </summary>
    public (IReadOnlyList<string> Ids, long Last, bool More) ChangedSince(long since, int limit)
    {
        var newer = 0;
        var first = _byChange.Last;
        while (first is not null && first.Value.Sequence > since)
        {
            newer++;
            if (first.Previous is null || first.Previous.Value.Sequence <= since)
            {
                break;
            }

            first = first.Previous;
        }

        if (newer == 0)
        {
            return ([], Math.Clamp(since, 0, _sequence), false);
        }

        var ids = new List<string>(Math.Min(newer, limit));
        var last = since;
        for (var node = first; node is not null && ids.Count < limit; node = node.Next)
        {
            ids.Add(node.Value.Id);
            last = node.Value.Sequence;
        }

        return (ids, last, newer > limit);
    }
}
