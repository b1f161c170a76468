namespace Fleet.Core.Throttling;

/// <summary>How urgently a node needs its next call.</summary>
/// <param name="Class">Critical path or housekeeping.</param>
/// <param name="PendingPods">Pods on the node waiting for an address.</param>
/// <param name="Deficit">Addresses the node is short of its target.</param>
public readonly record struct Urgency(WorkClass Class, int PendingPods, int Deficit)
{
    /// <summary>A critical request.</summary>
    public static Urgency Critical(int deficit, int pendingPods = 0) => new(WorkClass.Critical, pendingPods, deficit);

    /// <summary>A housekeeping request.</summary>
    public static Urgency Housekeeping { get; } = new(WorkClass.Housekeeping, 0, 0);
}
