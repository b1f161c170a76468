namespace Fleet.Abstractions.State;

/// <summary>
/// What the throttle grain persists so that its next activation (after its silo died) neither trusts EC2's buckets
/// to be full nor reuses grant ids: how many activations there were, and a time no grant was made after.
/// </summary>
[GenerateSerializer, Alias("fleet.ThrottleGrainState")]
public sealed class ThrottleGrainState
{
    /// <summary>Activations so far; grant ids of activation n start at n × 2^32.</summary>
    [Id(0)] public long Epoch { get; set; }

    /// <summary>No grant was handed out after this time (persisted before the grants leave).</summary>
    [Id(1)] public DateTimeOffset? SpentUntil { get; set; }
}
