namespace Fleet.Core.Node;

/// <summary>Whether two memories differ in what a host persists (the loop state aside; a report's time and the trend too).</summary>
internal static class Durable
{
    /// <summary>
    /// True when nothing a host persists changed: the fields are immutable, so an unchanged field is the same
    /// reference. A report that repeats the last one (same counts and addresses, no acknowledgement) changes only its
    /// time and the trend, which are not worth a write.
    /// </summary>
    public static bool Same(NodeMemory a, NodeMemory b) =>
        ReferenceEquals(a.Spec, b.Spec)
        && ReferenceEquals(a.Instance, b.Instance)
        && a.Enis == b.Enis
        && ReferenceEquals(a.CreatedAt, b.CreatedAt)
        && SameDemand(a.Demand, b.Demand)
        && ReferenceEquals(a.Intent, b.Intent)
        && a.IntentSequence == b.IntentSequence
        && ReferenceEquals(a.Release, b.Release)
        && a.Released == b.Released
        && ReferenceEquals(a.LastError, b.LastError)
        && ReferenceEquals(a.Calls, b.Calls)
        && a.ShortSince == b.ShortSince
        && a.Terminated == b.Terminated
        && a.Abandoned == b.Abandoned
        && ReferenceEquals(a.PodIntent, b.PodIntent)
        && ReferenceEquals(a.Peak, b.Peak);

    private static bool SameDemand(ReportedDemand? a, ReportedDemand? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Demand != b.Demand || a.InUse.HasValue != b.InUse.HasValue)
        {
            return false;
        }

        return a.InUse is not { } x || x == b.InUse!.Value || x.AsSpan().SequenceEqual(b.InUse!.Value.AsSpan());
    }
}
