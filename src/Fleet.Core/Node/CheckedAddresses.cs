using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// The addresses of the last accepted report (kept with it: <see cref="ReportedDemand.Checked"/>), known to be
/// canonical, distinct and held by the node's ENIs as they were then (<see cref="HeldIndex.Enis"/>), with the positions
/// they occupy. An agent reports its whole list on every pod change, and consecutive lists mostly share their
/// beginning: <see cref="Check"/> tests only what changed, so a report costs what changed rather than every address
/// the node's pods hold. The two lists checked before it against the same ENIs are kept with it: an agent whose pods
/// come and go around a level reports the same list object again (an immutable array, compared by reference), and that
/// list is then not walked at all. Immutable.
/// </summary>
internal sealed class CheckedAddresses
{
    private readonly ulong[] _seen;

    // The lists checked before this one against the same ENIs, latest first (default: none), with what they listed.
    private readonly Earlier _earlier;

    private CheckedAddresses(HeldIndex held, ImmutableArray<string> inUse, ulong[] seen, Earlier earlier = default)
    {
        Held = held;
        InUse = inUse;
        _seen = seen;
        _earlier = earlier;
    }

    /// <summary>The node's addresses the list was checked against.</summary>
    public HeldIndex Held { get; }

    /// <summary>The list.</summary>
    public ImmutableArray<string> InUse { get; }

    /// <summary>Whether <paramref name="address"/> is in the list (by its position: no string is parsed or hashed).</summary>
    public bool Lists(uint address) => Held.PositionOf(address) is var position and >= 0 && (_seen[position >> 6] & (1UL << position)) != 0;

    /// <summary>
    /// <paramref name="inUse"/> checked against <paramref name="enis"/>, starting from <paramref name="last"/> when it
    /// was checked against the same ENI list; null when an address is not canonical, is listed twice or is not held —
    /// then the full validation (<see cref="DemandValidator"/>) says which and why.
    /// </summary>
    public static CheckedAddresses? Check(CheckedAddresses? last, ImmutableArray<string> inUse, ImmutableArray<Eni> enis)
    {
        var held = last is not null && last.Held.Enis == enis ? last.Held : HeldIndex.Of(enis);
        var shared = 0;
        ulong[] seen;
        if (last is not null && ReferenceEquals(held, last.Held))
        {
            if (last.InUse == inUse)
            {
                return last;
            }

            // The same list object as one checked two or three reports ago: what it lists is known.
            var earlier = last._earlier;
            if (earlier.LatestSeen is { } latest && earlier.Latest == inUse)
            {
                return new CheckedAddresses(held, inUse, latest, new Earlier(last.InUse, last._seen, earlier.Before, earlier.BeforeSeen));
            }

            if (earlier.BeforeSeen is { } before && earlier.Before == inUse)
            {
                return new CheckedAddresses(held, inUse, before, new Earlier(last.InUse, last._seen, earlier.Latest, earlier.LatestSeen));
            }

            var limit = Math.Min(last.InUse.Length, inUse.Length);
            while (shared < limit && string.Equals(last.InUse[shared], inUse[shared], StringComparison.Ordinal))
            {
                shared++;
            }

            seen = (ulong[])last._seen.Clone();
            for (var i = shared; i < last.InUse.Length; i++)
            {
                // Checked before against this very index: it parses and is held.
                var position = held.PositionOf(Ipv4.Parse(last.InUse[i]));
                seen[position >> 6] &= ~(1UL << position);
            }
        }
        else
        {
            seen = new ulong[(held.Positions + 63) >> 6];
        }

        for (var i = shared; i < inUse.Length; i++)
        {
            if (inUse[i] is null || !Ipv4.TryParseCanonical(inUse[i], out var address))
            {
                return null;
            }

            var position = held.PositionOf(address);
            if (position < 0 || (seen[position >> 6] & (1UL << position)) != 0)
            {
                return null;
            }

            seen[position >> 6] |= 1UL << position;
        }

        return new CheckedAddresses(held, inUse, seen,
            last is not null && ReferenceEquals(held, last.Held) ? new Earlier(last.InUse, last._seen, last._earlier.Latest, last._earlier.LatestSeen) : default);
    }

    /// <summary>Two lists checked earlier against the same ENIs and what each listed (default arrays: none).</summary>
    private readonly record struct Earlier(ImmutableArray<string> Latest, ulong[]? LatestSeen, ImmutableArray<string> Before, ulong[]? BeforeSeen);
}
