namespace Fleet.Core.Node;

/// <summary>
/// An instant kept as its UTC ticks in 8 bytes, and an optional one with <see cref="None"/> for "not set". Equal instants
/// keep equal ticks whatever their offset (as <see cref="DateTimeOffset"/> compares them); they are read back as UTC.
/// </summary>
internal static class Instants
{
    /// <summary>No instant (UTC ticks are never negative).</summary>
    public const long None = -1;

    public static long Ticks(DateTimeOffset at) => at.UtcTicks;

    public static long Ticks(DateTimeOffset? at) => at is { } value ? value.UtcTicks : None;

    public static DateTimeOffset Of(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? OfOptional(long ticks) => ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
