using Fleet.Core.Errors;
using Fleet.Core.Throttling;
using Fleet.Ec2.Errors;
using Fleet.Ec2.Port;
using Fleet.Grains.Throttle;

namespace Fleet.Grains.Describe;

/// <summary>
/// Pays for describe pages with tokens from the throttle grain (describes never queue behind mutations: they spend
/// from EC2's separate describe buckets), and retries a page that was throttled or failed transiently.
/// </summary>
internal sealed class DescribeTokens(IGrainFactory grains, string throttleKey, TimeProvider ioTime)
{
    /// <summary>Attempts at one describe page by default.</summary>
    public const int Attempts = 4;

    /// <summary>
    /// Makes the call under a describe token, retrying a throttled or transient failure up to <paramref name="attempts"/>
    /// times in all (a batch of several keys tries once: splitting it is the better retry, see <c>Batcher</c>).
    /// </summary>
    public async Task<Ec2Result<T>> CallAsync<T>(Ec2Action action, Func<Task<Ec2Result<T>>> call, int attempts = Attempts)
    {
        var throttle = grains.GetGrain<IThrottleGrain>(throttleKey);
        Ec2Result<T> result = default;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            var acquired = await throttle.TryAcquire(action).ConfigureAwait(false);
            while (!acquired.Granted)
            {
                await Task.Delay(Clamp(acquired.RetryAfter), ioTime).ConfigureAwait(false);
                acquired = await throttle.TryAcquire(action).ConfigureAwait(false);
            }

            result = await call().ConfigureAwait(false);
            if (result.IsSuccess || result.Error.Kind is not (Ec2ErrorKind.Throttled or Ec2ErrorKind.Transient))
            {
                return result;
            }

            if (result.Error.Kind == Ec2ErrorKind.Throttled)
            {
                await throttle.ObserveThrottle(action).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), ioTime).ConfigureAwait(false);
        }

        return result;
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero || wait == Timeout.InfiniteTimeSpan ? TimeSpan.FromMilliseconds(50)
        : wait > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : wait;
}
