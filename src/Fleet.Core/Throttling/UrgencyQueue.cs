namespace Fleet.Core.Throttling;

/// <summary>
/// Waiting requests in urgency order with aging (see <see cref="UrgencyPolicy"/>). One entry per key: asking again
/// updates the urgency but keeps the original arrival time, so reporting demand never loses a node its place.
/// Ordering is fully deterministic: ties go to the earlier arrival, then the earlier insertion.
/// </summary>
/// <typeparam name="TKey">The requester's identity (e.g. an instance id).</typeparam>
public sealed class UrgencyQueue<TKey>(UrgencyPolicy policy)
    where TKey : notnull
{
    private readonly SortedSet<Entry> _order = new(EntryComparer.Instance);
    private readonly Dictionary<TKey, Entry> _byKey = [];
    private long _sequence;

    /// <summary>Creates a queue with the default policy.</summary>
    public UrgencyQueue()
        : this(UrgencyPolicy.Default)
    {
    }

    /// <summary>Requests waiting.</summary>
    public int Count => _byKey.Count;

    /// <summary>Whether a key is waiting.</summary>
    public bool Contains(TKey key) => _byKey.ContainsKey(key);

    /// <summary>Adds a request, or updates the urgency of a waiting one (keeping its arrival time).</summary>
    public void Enqueue(TKey key, Urgency urgency, DateTimeOffset now)
    {
        var arrived = now;
        long sequence;
        if (_byKey.Remove(key, out var existing))
        {
            _order.Remove(existing);
            arrived = existing.Arrived;
            sequence = existing.Sequence;
        }
        else
        {
            sequence = _sequence++;
        }

        var entry = new Entry(key, urgency, arrived, arrived - policy.HeadStart(urgency), sequence);
        _order.Add(entry);
        _byKey[key] = entry;
    }

    /// <summary>Removes and returns the most urgent request.</summary>
    public bool TryDequeue(out TKey key, out Urgency urgency, out DateTimeOffset arrived)
    {
        if (_order.Min is not { } first)
        {
            key = default!;
            urgency = default;
            arrived = default;
            return false;
        }

        _order.Remove(first);
        _byKey.Remove(first.Key);
        (key, urgency, arrived) = (first.Key, first.Urgency, first.Arrived);
        return true;
    }

    /// <summary>The most urgent request without removing it.</summary>
    public bool TryPeek(out TKey key, out Urgency urgency)
    {
        if (_order.Min is not { } first)
        {
            key = default!;
            urgency = default;
            return false;
        }

        (key, urgency) = (first.Key, first.Urgency);
        return true;
    }

    /// <summary>
    /// Where the most urgent request stands in service order (its virtual arrival, then its arrival), to compare the
    /// heads of two queues: the throttle orders the heads of several clusters' queues this way.
    /// </summary>
    public bool TryPeekOrder(out DateTimeOffset virtualArrival, out DateTimeOffset arrived)
    {
        if (_order.Min is not { } first)
        {
            (virtualArrival, arrived) = (default, default);
            return false;
        }

        (virtualArrival, arrived) = (first.VirtualArrival, first.Arrived);
        return true;
    }

    /// <summary>Withdraws a request.</summary>
    public bool Remove(TKey key)
    {
        if (!_byKey.Remove(key, out var entry))
        {
            return false;
        }

        _order.Remove(entry);
        return true;
    }

    /// <summary>The waiting requests in service order.</summary>
    public IEnumerable<(TKey Key, Urgency Urgency, DateTimeOffset Arrived)> InOrder() =>
        _order.Select(e => (e.Key, e.Urgency, e.Arrived));

    private sealed record Entry(TKey Key, Urgency Urgency, DateTimeOffset Arrived, DateTimeOffset VirtualArrival, long Sequence);

    private sealed class EntryComparer : IComparer<Entry>
    {
        public static readonly EntryComparer Instance = new();

        public int Compare(Entry? x, Entry? y)
        {
            var c = x!.VirtualArrival.CompareTo(y!.VirtualArrival);
            if (c != 0)
            {
                return c;
            }

            c = x.Arrived.CompareTo(y.Arrived);
            return c != 0 ? c : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
