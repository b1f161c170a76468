using Fleet.Simulation.Engine;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The allocator's describe batcher in virtual time: keys join an open batch, which is sent when nobody has joined
/// for the idle window, when it has waited the maximum window, or when it holds 200 keys; each caller gets its key's
/// result (Fleet.Grains' <c>Batcher</c>, with events instead of timers; the windows are the allocator's options).
/// </summary>
/// <typeparam name="T">What each caller gets back.</typeparam>
internal sealed class SimBatcher<T>(EventLoop loop, TimeSpan idle, TimeSpan max, Action<IReadOnlyList<string>, Action<IReadOnlyDictionary<string, T>?>> execute)
{
    private const int MaxKeys = 200;
    private Batch? _open;

    /// <summary>Batches sent.</summary>
    public long Batches { get; private set; }

    /// <summary>
    /// Asks for one key; <paramref name="done"/> gets its result, or (default, true) when the batch failed, or
    /// (default, false) when the batch had no result for the key.
    /// </summary>
    public void Get(string key, Action<T?, bool> done)
    {
        if (_open is null)
        {
            _open = new Batch(loop.Now);
            var batch = _open;
            loop.After(idle, () => Watch(batch));
        }

        _open.Waiters.Add((key, done));
        _open.LastJoin = loop.Now;
        if (_open.Waiters.Count >= MaxKeys)
        {
            var full = _open;
            _open = null;
            Send(full);
        }
    }

    private void Watch(Batch batch)
    {
        if (!ReferenceEquals(_open, batch))
        {
            return;
        }

        var sinceJoin = loop.Now - batch.LastJoin;
        var sinceStart = loop.Now - batch.Started;
        if (sinceJoin >= idle || sinceStart >= max)
        {
            _open = null;
            Send(batch);
            return;
        }

        var wait = idle - sinceJoin < max - sinceStart ? idle - sinceJoin : max - sinceStart;
        loop.After(wait, () => Watch(batch));
    }

    private void Send(Batch batch)
    {
        Batches++;
        var keys = batch.Waiters.Select(w => w.Key).Distinct(StringComparer.Ordinal).ToList();
        execute(keys, results =>
        {
            foreach (var (key, done) in batch.Waiters)
            {
                if (results is null)
                {
                    done(default, true);
                }
                else
                {
                    done(results.TryGetValue(key, out var value) ? value : default, false);
                }
            }
        });
    }

    private sealed class Batch(TimeSpan started)
    {
        public TimeSpan Started { get; } = started;

        public TimeSpan LastJoin { get; set; } = started;

        public List<(string Key, Action<T?, bool> Done)> Waiters { get; } = [];
    }
}
