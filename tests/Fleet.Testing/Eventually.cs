namespace Fleet.Testing;

/// <summary>
/// Waits for a condition on state a test cannot subscribe to (an emulator's trail, a process's port, grain views),
/// checking it every few milliseconds on a <see cref="Cadence"/> and returning as soon as it holds. A timeout is a failure whose message names what was expected and what was seen
/// last — never a performance assertion: the limit is generous and only bounds a hung test.
/// </summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until <paramref name="done"/> holds; returns the last value.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string expected, TimeSpan? timeout = null, TimeSpan? every = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        T last = default!;
        var met = false;
        var polling = Cadence.EveryAsync(every ?? TimeSpan.FromMilliseconds(20), async () =>
        {
            last = await probe();
            if (done(last))
            {
                met = true;
                await limit.CancelAsync();
            }
        }, limit.Token);
        await polling;
        if (met)
        {
            return last;
        }

        throw new TimeoutException($"Timed out waiting for: {expected}. Last seen: {last}");
    }

    /// <summary>Polls a synchronous probe.</summary>
    public static Task<T> Until<T>(Func<T> probe, Func<T, bool> done, string expected, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(probe()), done, expected, timeout);
}
