namespace Fleet.Core.Throttling;

/// <summary>
/// Waiting requests in urgency order with aging (see <see cref="UrgencyPolicy"/>). One entry per key: asking again
/// updates the urgency but keeps the original arrival time, so reporting demand never loses a node its place.
/// Ordering is fully deterministic: ties go to the earlier arrival, then the earlier insertion.
/// </summary>
/// <remarks>
/// A binary heap whose slots carry the order's keys inline: a region's throttle holds a request per waiting node
/// (thousands in a burst), and a tree of entries compared through references reached two objects per level on every
/// request, grant and withdrawal. Only the first is ever needed in order; <see cref="InOrder"/> sorts a copy.
/// </remarks>
/// <typeparam name="TKey">The requester's identity (e.g. an instance id).</typeparam>
public sealed class UrgencyQueue<TKey>(UrgencyPolicy policy)
    where TKey : notnull
{
    private readonly Dictionary<TKey, Entry> _byKey = [];
    private Slot[] _heap = [];
    private int _count;
    private long _sequence;

    /// <summary>Creates a queue with the default policy.</summary>
    public UrgencyQueue()
        : this(UrgencyPolicy.Default)
    {
    }

    /// <summary>Requests waiting.</summary>
    public int Count => _count;

    /// <summary>Whether <paramref name="key"/> is waiting.</summary>
    public bool Contains(TKey key) => _byKey.ContainsKey(key);

    /// <summary>Adds a request, or updates its urgency keeping its original arrival.</summary>
    public void Enqueue(TKey key, Urgency urgency, DateTimeOffset now)
    {
        var arrived = now;
        long sequence;
        if (_byKey.Remove(key, out var existing))
        {
            RemoveAt(existing.Position);
            arrived = existing.Arrived;
            sequence = existing.Sequence;
        }
        else
        {
            sequence = _sequence++;
        }

        var entry = new Entry(key, urgency, arrived, arrived - policy.HeadStart(urgency), sequence);
        _byKey[key] = entry;
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, Math.Max(8, _heap.Length * 2));
        }

        _heap[_count] = new Slot(entry);
        entry.Position = _count++;
        SiftUp(entry.Position);
    }

    /// <summary>Removes and returns the most urgent request.</summary>
    public bool TryDequeue(out TKey key, out Urgency urgency, out DateTimeOffset arrived)
    {
        if (_count == 0)
        {
            key = default!;
            urgency = default;
            arrived = default;
            return false;
        }

        var first = _heap[0].Entry;
        RemoveAt(0);
        _byKey.Remove(first.Key);
        (key, urgency, arrived) = (first.Key, first.Urgency, first.Arrived);
        return true;
    }

    /// <summary>The most urgent request without removing it.</summary>
    public bool TryPeek(out TKey key, out Urgency urgency)
    {
        if (_count == 0)
        {
            key = default!;
            urgency = default;
            return false;
        }

        var first = _heap[0].Entry;
        (key, urgency) = (first.Key, first.Urgency);
        return true;
    }

    /// <summary>
    /// The head's order keys (its virtual arrival, then its arrival), for comparing the heads of two queues.
    /// </summary>
    public bool TryPeekOrder(out DateTimeOffset virtualArrival, out DateTimeOffset arrived)
    {
        if (_count == 0)
        {
            (virtualArrival, arrived) = (default, default);
            return false;
        }

        var first = _heap[0].Entry;
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

        RemoveAt(entry.Position);
        return true;
    }

    /// <summary>All requests, most urgent first (for views).</summary>
    public IEnumerable<(TKey Key, Urgency Urgency, DateTimeOffset Arrived)> InOrder()
    {
        var slots = _heap.AsSpan(0, _count).ToArray();
        Array.Sort(slots, static (a, b) => a.CompareTo(b));
        return slots.Select(s => (s.Entry.Key, s.Entry.Urgency, s.Entry.Arrived));
    }

    private void RemoveAt(int position)
    {
        var last = --_count;
        if (position != last)
        {
            var moved = _heap[last];
            _heap[last] = default;
            Place(position, moved);
            if (position > 0 && moved.CompareTo(_heap[(position - 1) >> 1]) < 0)
            {
                SiftUp(position);
            }
            else
            {
                SiftDown(position);
            }
        }
        else
        {
            _heap[last] = default;
        }
    }

    private void SiftUp(int position)
    {
        var slot = _heap[position];
        while (position > 0)
        {
            var parent = (position - 1) >> 1;
            if (slot.CompareTo(_heap[parent]) >= 0)
            {
                break;
            }

            Place(position, _heap[parent]);
            position = parent;
        }

        Place(position, slot);
    }

    private void SiftDown(int position)
    {
        var slot = _heap[position];
        while (true)
        {
            var child = (position << 1) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1].CompareTo(_heap[child]) < 0)
            {
                child++;
            }

            if (_heap[child].CompareTo(slot) >= 0)
            {
                break;
            }

            Place(position, _heap[child]);
            position = child;
        }

        Place(position, slot);
    }

    private void Place(int position, Slot slot)
    {
        _heap[position] = slot;
        slot.Entry.Position = position;
    }

    /// <summary>A heap slot: the order's keys (UTC ticks: the order <see cref="DateTimeOffset"/> compares by) and the entry.</summary>
    private readonly struct Slot(Entry entry) : IComparable<Slot>
    {
        private readonly long _virtualArrival = entry.VirtualArrival.UtcTicks;
        private readonly long _arrived = entry.Arrived.UtcTicks;
        private readonly long _sequence = entry.Sequence;

        public Entry Entry { get; } = entry;

        public int CompareTo(Slot other)
        {
            var c = _virtualArrival.CompareTo(other._virtualArrival);
            if (c != 0)
            {
                return c;
            }

            c = _arrived.CompareTo(other._arrived);
            return c != 0 ? c : _sequence.CompareTo(other._sequence);
        }
    }

    private sealed class Entry(TKey key, Urgency urgency, DateTimeOffset arrived, DateTimeOffset virtualArrival, long sequence)
    {
        public TKey Key => key;

        public Urgency Urgency => urgency;

        public DateTimeOffset Arrived => arrived;

        public DateTimeOffset VirtualArrival => virtualArrival;

        public long Sequence => sequence;

        /// <summary>Where the entry's slot is in the heap.</summary>
        public int Position { get; set; }
    }
}
