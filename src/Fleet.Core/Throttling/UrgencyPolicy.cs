namespace Fleet.Core.Throttling;

/// <summary>
/// Turns urgency into a head start in a first-come-first-served queue. A request is served in order of its
/// virtual arrival: the time it asked minus its head start. The head start is bounded, so a request that waits
/// longer than the largest head start is served before any newcomer: nothing starves, whatever the load.
/// </summary>
public sealed record UrgencyPolicy
{
    /// <summary>The default policy: 30 s for pods pending, 1 s per doubling of the deficit, at most 10 s.</summary>
    public static UrgencyPolicy Default { get; } = new();

    /// <summary>Head start when pods are waiting for an address. Default 30 s.</summary>
    public TimeSpan PendingPodsHeadStart { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Head start per doubling of the deficit (1 → 0 s, 16 → 4 s, 1024 → 10 s). Default 1 s.</summary>
    public TimeSpan HeadStartPerDoubling { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most head start a deficit can earn. Default 10 s.</summary>
    public TimeSpan MaxDeficitHeadStart { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The policy with every head start divided by <paramref name="scale"/>, for time-compressed runs.</summary>
    public UrgencyPolicy Compressed(double scale) => this with
    {
        PendingPodsHeadStart = TimeSpan.FromTicks((long)(PendingPodsHeadStart.Ticks / scale)),
        HeadStartPerDoubling = TimeSpan.FromTicks((long)(HeadStartPerDoubling.Ticks / scale)),
        MaxDeficitHeadStart = TimeSpan.FromTicks((long)(MaxDeficitHeadStart.Ticks / scale)),
    };

    /// <summary>The head start for an urgency: the longest any other request can be overtaken by it.</summary>
    public TimeSpan HeadStart(Urgency urgency)
    {
        if (urgency.Class == WorkClass.Housekeeping)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Log2(1 + Math.Max(urgency.Deficit, 0));
        var deficit = TimeSpan.FromTicks((long)Math.Min(doublings * HeadStartPerDoubling.Ticks, MaxDeficitHeadStart.Ticks));
        return (urgency.PendingPods > 0 ? PendingPodsHeadStart : TimeSpan.Zero) + deficit;
    }
}
