using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// The addresses of the last accepted report (kept with it: <see cref="ReportedDemand.Checked"/>), known to be
/// canonical, distinct and held by the node's ENIs as they were then (<see cref="HeldIndex.Enis"/>), with the positions
/// they occupy. An agent reports its whole list on every pod change, and consecutive lists mostly share their
/// beginning: <see cref="Check"/> tests only what changed, so a report costs what changed rather than every address
/// the node's pods hold. Immutable.
/// </summary>
internal sealed class CheckedAddresses
{
    private readonly ulong[] _seen;

    private CheckedAddresses(HeldIndex held, ImmutableArray<string> inUse, ulong[] seen)
    {
        Held = held;
        InUse = inUse;
        _seen = seen;
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

        return new CheckedAddresses(held, inUse, seen);
    }
}
