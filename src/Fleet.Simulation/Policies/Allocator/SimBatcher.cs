using Fleet.Simulation.Engine;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The allocator's describe batcher in virtual time: keys join an open batch, which is sent when nobody has joined
/// for the idle window (20 ms), when it has waited the maximum window (200 ms), or when it holds 200 keys; each
/// caller gets its key's result. (Fleet.Grains' <c>Batcher</c>, with events instead of timers.)
/// </summary>
/// <typeparam name="T">What each caller gets back.</typeparam>
internal sealed class SimBatcher<T>(EventLoop loop, Action<IReadOnlyList<string>, Action<IReadOnlyDictionary<string, T>?>> execute)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Max = TimeSpan.FromMilliseconds(200);
    private const int MaxKeys = 200;
    private Batch? _open;

    /// <summary>Batches sent.</summary>
    public long Batches { get; private set; }

    /// <summary>Asks for one key; <paramref name="done"/> gets its result, or null when the batch failed or had none.</summary>
    public void Get(string key, Action<T?> done)
    {
        if (_open is null)
        {
            _open = new Batch(loop.Now);
            var batch = _open;
            loop.After(Idle, () => Watch(batch));
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
        if (sinceJoin >= Idle || sinceStart >= Max)
        {
            _open = null;
            Send(batch);
            return;
        }

        var wait = Idle - sinceJoin < Max - sinceStart ? Idle - sinceJoin : Max - sinceStart;
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
                done(results is not null && results.TryGetValue(key, out var value) ? value : default);
            }
        });
    }

    private sealed class Batch(TimeSpan started)
    {
        public TimeSpan Started { get; } = started;

        public TimeSpan LastJoin { get; set; } = started;

        public List<(string Key, Action<T?> Done)> Waiters { get; } = [];
    }
}
