namespace Fleet.Silo.Observability;

/// <summary>
/// Fleet's own record of the EC2 calls this silo made (a ring buffer of the most recent), for the fleet page's call
/// trail when the silo talks to real EC2 (with the embedded emulator, the emulator's trail is shown instead: it
/// also sees other clients). Thread-safe.
/// </summary>
public sealed class Ec2CallRecord
{
    /// <summary>Calls kept.</summary>
    public const int Capacity = 500;

    private readonly Lock _gate = new();
    private readonly Ec2CallEntry[] _ring = new Ec2CallEntry[Capacity];
    private long _sequence;

    /// <summary>Adds a call; returns its sequence number.</summary>
    public long Add(Ec2CallEntry entry)
    {
        lock (_gate)
        {
            _sequence++;
            _ring[_sequence % Capacity] = entry with { Sequence = _sequence };
            return _sequence;
        }
    }

    /// <summary>The most recent calls, newest first.</summary>
    public IReadOnlyList<Ec2CallEntry> Recent(int limit)
    {
        lock (_gate)
        {
            var count = (int)Math.Min(Math.Min(limit, Capacity), _sequence);
            return [.. Enumerable.Range(0, count).Select(i => _ring[(_sequence - i) % Capacity])];
        }
    }
}

/// <summary>One EC2 call, as the fleet page's trail shows it.</summary>
/// <param name="Sequence">The call's number, from 1.</param>
/// <param name="Time">When it was sent.</param>
/// <param name="Action">The EC2 action.</param>
/// <param name="Target">The ENI, instance or subnet it concerned, if any.</param>
/// <param name="Count">Its size (addresses or prefixes asked for, ids or filter values), if any.</param>
/// <param name="Outcome"><c>OK</c> or the EC2 error code.</param>
/// <param name="LatencyMs">How long it took, in milliseconds.</param>
/// <param name="Client">Who made it (the emulator's trail knows; Fleet's own record says <c>fleet</c>).</param>
public sealed record Ec2CallEntry(long Sequence, DateTimeOffset Time, string Action, string? Target, int? Count, string Outcome, double LatencyMs, string? Client);
