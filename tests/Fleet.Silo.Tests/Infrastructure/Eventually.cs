namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>
/// Waits for a condition on state the test cannot subscribe to (HTTP views of grains), checking it every few
/// milliseconds. A timeout is a failure naming what was expected and what was seen last — never a performance
/// assertion: the limit is generous and only bounds a hung test.
/// </summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string expected, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        T last = default!;
        while (!limit.IsCancellationRequested)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), limit.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        throw new TimeoutException($"Timed out waiting for: {expected}. Last seen: {last}");
    }
}
