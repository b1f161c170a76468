namespace Fleet.Core.Priors;

/// <summary>
/// A node's own peak demand (used + pending) and whether it has reached it: the peak counts as reached once demand has
/// not risen above it for <see cref="PriorOptions.PlateauAfter"/>; it is then recorded in the group's history. A node
/// whose peak was never recorded is young: priors size its calls. A peak that rises later is recorded again, replacing
/// the earlier one.
/// </summary>
/// <param name="Pods">The highest used + pending seen.</param>
/// <param name="RoseAt">When demand last rose to a new peak.</param>
/// <param name="Recorded">The peak last recorded in the group's history, or null while the node is young.</param>
public sealed record NodePeak(int Pods, DateTimeOffset RoseAt, PeakSample? Recorded)
{
    /// <summary>A node that has seen no demand.</summary>
    public static NodePeak None { get; } = new(0, DateTimeOffset.MinValue, null);

    /// <summary>Whether the node has not yet reached a peak: priors still size its calls.</summary>
    public bool Young => Recorded is null;

    /// <summary>Whether a peak is waiting to be recorded (never recorded, or risen since).</summary>
    public bool Unrecorded => Pods > 0 && (Recorded is not { } r || Pods > r.Pods);

    /// <summary>The peak after demand <paramref name="total"/> was seen at <paramref name="at"/>.</summary>
    public NodePeak Observe(int total, DateTimeOffset at) => total > Pods ? this with { Pods = total, RoseAt = at } : this;

    /// <summary>Whether the peak is due to be recorded at <paramref name="now"/>: unrecorded, and demand has plateaued.</summary>
    public bool Due(DateTimeOffset now, TimeSpan plateauAfter) => Unrecorded && now - RoseAt >= plateauAfter;
}
