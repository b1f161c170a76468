namespace Fleet.Grains.Describe;

/// <summary>
/// Coalesces many callers' keys into one call (after Karpenter's EC2 batcher): a batch is sent when no caller has
/// joined for the idle window, when it has waited the maximum window, or when it holds the maximum number of keys.
/// Results are fanned back by key; a key the call returned nothing for gets an explicit error. A caller's
/// cancellation ends its own wait only; the batch goes on for the others. Thread-safe.
/// </summary>
/// <typeparam name="TKey">What callers ask for (e.g. an instance id).</typeparam>
/// <typeparam name="TResult">What each caller gets back.</typeparam>
internal sealed class Batcher<TKey, TResult>
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TResult>>> _execute;
    private readonly TimeSpan _idle;
    private readonly TimeSpan _max;
    private readonly int _maxItems;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Pending? _open;

    public Batcher(
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TResult>>> execute,
        TimeSpan idle,
        TimeSpan max,
        int maxItems,
        TimeProvider time)
    {
        _execute = execute;
        _idle = idle;
        _max = max;
        _maxItems = maxItems;
        _time = time;
    }

    /// <summary>Batches sent so far.</summary>
    public long Batches { get; private set; }

    /// <summary>Asks for one key's result.</summary>
    public Task<TResult> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        Task<TResult> task;
        Pending? full = null;
        lock (_gate)
        {
            _open ??= StartBatch();
            task = _open.Add(key);
            _open.LastJoin = _time.GetTimestamp();
            if (_open.Count >= _maxItems)
            {
                full = _open;
                _open = null;
            }
        }

        if (full is not null)
        {
            _ = Task.Run(() => SendAsync(full), CancellationToken.None);
        }

        return task.WaitAsync(cancellationToken);
    }

    private Pending StartBatch()
    {
        // Batches run on the thread pool, not on the scheduler of whichever grain happened to open them.
        var batch = new Pending(_time.GetTimestamp());
        _ = Task.Run(() => WatchAsync(batch), CancellationToken.None);
        return batch;
    }

    private async Task WatchAsync(Pending batch)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                if (!ReferenceEquals(_open, batch))
                {
                    return; // sent because it was full
                }

                var sinceJoin = _time.GetElapsedTime(batch.LastJoin);
                var sinceStart = _time.GetElapsedTime(batch.Started);
                if (sinceJoin >= _idle || sinceStart >= _max)
                {
                    _open = null;
                    break;
                }

                wait = Min(_idle - sinceJoin, _max - sinceStart);
            }

            await Task.Delay(wait, _time).ConfigureAwait(false);
        }

        await SendAsync(batch).ConfigureAwait(false);
    }

    private async Task SendAsync(Pending batch)
    {
        Batches++;
        var keys = batch.Keys;
        try
        {
            var results = await _execute(keys, CancellationToken.None).ConfigureAwait(false);
            batch.Complete(results);
        }
        catch (Exception e)
        {
            batch.Fail(e);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Pending(long started)
    {
        private readonly Dictionary<TKey, TaskCompletionSource<TResult>> _waiters = [];

        public long Started { get; } = started;

        public long LastJoin { get; set; } = started;

        public int Count => _waiters.Count;

        public IReadOnlyList<TKey> Keys => [.. _waiters.Keys];

        public Task<TResult> Add(TKey key)
        {
            if (!_waiters.TryGetValue(key, out var source))
            {
                source = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[key] = source;
            }

            return source.Task;
        }

        public void Complete(IReadOnlyDictionary<TKey, TResult> results)
        {
            foreach (var (key, source) in _waiters)
            {
                if (results.TryGetValue(key, out var result))
                {
                    source.TrySetResult(result);
                }
                else
                {
                    source.TrySetException(new BatchResultMissingException($"The batched call returned no result for '{key}'."));
                }
            }
        }

        public void Fail(Exception error)
        {
            foreach (var source in _waiters.Values)
            {
                source.TrySetException(error);
            }
        }
    }
}

/// <summary>A batched call returned nothing for a caller's key.</summary>
public sealed class BatchResultMissingException(string message) : Exception(message);
