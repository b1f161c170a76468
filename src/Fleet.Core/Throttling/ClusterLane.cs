namespace Fleet.Core.Throttling;

/// <summary>
/// One cluster's part of one lane: its two urgency queues, its share of the lane's bucket and the tokens of that bucket
/// held for it (its credit: the share's own small bucket, refilled at the share of the lane's refill, up to the share of
/// its capacity), and what it was granted.
/// </summary>
internal sealed class ClusterLane(string cluster, UrgencyPolicy urgency)
{
    /// <summary>The cluster.</summary>
    public string Cluster { get; } = cluster;

    /// <summary>Its critical requests on this lane.</summary>
    public UrgencyQueue<string> Critical { get; } = new(urgency);

    /// <summary>Its housekeeping requests on this lane.</summary>
    public UrgencyQueue<string> Housekeeping { get; } = new(urgency);

    /// <summary>Its fraction of the lane (its weight over the weights of every cluster known).</summary>
    public double Share { get; set; } = 1;

    /// <summary>Tokens of the lane's bucket held for it, 0 ≤ credit ≤ <see cref="Cap"/>.</summary>
    public double Credit { get; set; }

    /// <summary>The most tokens held for it: its share of the bucket's capacity.</summary>
    public double Cap { get; set; }

    /// <summary>Tokens granted to it.</summary>
    public long Granted { get; set; }

    /// <summary>Time its requests waited, summed.</summary>
    public TimeSpan TotalWait { get; set; }

    /// <summary>The queue of a class.</summary>
    public UrgencyQueue<string> QueueFor(WorkClass workClass) => workClass == WorkClass.Critical ? Critical : Housekeeping;

    /// <summary>Whether its first request in <paramref name="queue"/> comes before <paramref name="other"/>'s in the same class.</summary>
    public static bool HeadBefore(UrgencyQueue<string> queue, UrgencyQueue<string> other) =>
        queue.TryPeekOrder(out var virtualArrival, out var arrived)
        && (!other.TryPeekOrder(out var otherVirtual, out var otherArrived)
            || virtualArrival < otherVirtual || (virtualArrival == otherVirtual && arrived < otherArrived));
}
