using System.Globalization;

namespace Fleet.Core.Throttling;

/// <summary>One token bucket's size.</summary>
/// <param name="Capacity">The most tokens (EC2 calls it the bucket's maximum capacity, i.e. the burst).</param>
/// <param name="RefillPerSecond">Tokens added per second.</param>
public readonly record struct BucketSpec(double Capacity, double RefillPerSecond)
{
    /// <summary>This bucket scaled by a share (0 &lt; share ≤ 1) of the account's budget.</summary>
    public BucketSpec Scaled(double share) => new(Math.Max(Capacity * share, 1), RefillPerSecond * share);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Capacity:0.##} burst / {RefillPerSecond:0.##} per s");
}
