using Fleet.Abstractions.Messages;

namespace Fleet.Abstractions.Grains;

/// <summary>A grain that waits for EC2 tokens from the throttle grain.</summary>
[Alias("fleet.ITokenHolder")]
public interface ITokenHolder : IGrainWithStringKey
{
    /// <summary>
    /// A token was granted: make the call now, then report the outcome with <see cref="IThrottleGrain.Complete"/>.
    /// One-way, so the throttle never waits on a node.
    /// </summary>
    [OneWay, Alias("OnGranted")]
    Task OnGranted(TokenGrant grant);
}
