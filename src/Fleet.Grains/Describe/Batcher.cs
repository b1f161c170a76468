namespace Fleet.Grains.Describe;

/// <summary>
/// Coalesces many callers' keys into one call (after Karpenter's EC2 batcher): a batch is sent when no caller has
/// joined for the idle window, when it has waited the maximum window, or when it holds the maximum number of keys.
/// Results are fanned back by key; a key the call returned nothing for gets an explicit error. A call that fails is
/// split and run again in parts, so only the keys that make it fail get its error. A caller's cancellation ends its
/// own wait only; the batch goes on for the others. Thread-safe.
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
            full.Timer?.Dispose();
            _ = Task.Run(() => SendAsync(full), CancellationToken.None);
        }

        return task.WaitAsync(cancellationToken);
    }

    private Pending StartBatch()
    {
        // The window's timer is armed here, at the first join, so the window counts from that instant whatever the
        // thread pool is doing; batches run on the thread pool, not on the scheduler of whichever grain opened them.
        var batch = new Pending(_time.GetTimestamp());
        batch.Timer = _time.CreateTimer(static state => ((Watch)state!).Fire(), new Watch(this, batch), _idle, Timeout.InfiniteTimeSpan);
        return batch;
    }

    /// <summary>
    /// The window's timer fired: sends the batch when nobody has joined for the idle window or it has waited the
    /// maximum, otherwise re-arms for whichever comes first. A batch already sent because it was full is left alone.
    /// </summary>
    private void OnWindow(Pending batch)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_open, batch))
            {
                batch.Timer?.Dispose();
                return;
            }

            var sinceJoin = _time.GetElapsedTime(batch.LastJoin);
            var sinceStart = _time.GetElapsedTime(batch.Started);
            if (sinceJoin < _idle && sinceStart < _max)
            {
                batch.Timer?.Change(Min(_idle - sinceJoin, _max - sinceStart), Timeout.InfiniteTimeSpan);
                return;
            }

            _open = null;
            batch.Timer?.Dispose();
        }

        _ = Task.Run(() => SendAsync(batch), CancellationToken.None);
    }

    private async Task SendAsync(Pending batch)
    {
        Batches++;
        await RunAsync(batch, batch.Keys).ConfigureAwait(false);
        batch.FailUnanswered();
    }

    /// <summary>
    /// Runs one call for <paramref name="keys"/> and hands each key its result at once; when the call fails and holds
    /// several keys, runs it again in up to <see cref="SplitWays"/> parts at once, down to single keys: a key that
    /// poisons the call (its resource sits in an impaired zone, say) fails alone, and nobody waits for its retries.
    /// </summary>
    private async Task RunAsync(Pending batch, IReadOnlyList<TKey> keys)
    {
        try
        {
            batch.Answer(keys, await _execute(keys, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception e) when (keys.Count == 1)
        {
            batch.Fail(keys[0], e);
        }
        catch (Exception)
        {
            var size = (keys.Count + SplitWays - 1) / SplitWays;
            await Task.WhenAll(keys.Chunk(size).Select(part => RunAsync(batch, part))).ConfigureAwait(false);
        }
    }

    /// <summary>How many parts a failed batch is split into.</summary>
    private const int SplitWays = 8;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>What the window's timer calls back: the batcher and the batch it watches.</summary>
    private sealed class Watch(Batcher<TKey, TResult> batcher, Pending batch)
    {
        public void Fire() => batcher.OnWindow(batch);
    }

    private sealed class Pending(long started)
    {
        /// <summary>The window's timer; disposed once the batch is sent.</summary>
        public ITimer? Timer { get; set; }

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

        /// <summary>Hands the asked keys their results; a key the call returned nothing for gets an explicit error.</summary>
        public void Answer(IReadOnlyList<TKey> keys, IReadOnlyDictionary<TKey, TResult> results)
        {
            foreach (var key in keys)
            {
                if (results.TryGetValue(key, out var result))
                {
                    _waiters[key].TrySetResult(result);
                }
                else
                {
                    Fail(key, new BatchResultMissingException($"The batched call returned no result for '{key}'."));
                }
            }
        }

        public void Fail(TKey key, Exception error) => _waiters[key].TrySetException(error);

        /// <summary>Anyone still without an answer (none, unless a call broke its contract) gets an explicit error.</summary>
        public void FailUnanswered()
        {
            foreach (var (key, source) in _waiters)
            {
                source.TrySetException(new BatchResultMissingException($"The batched call returned no result for '{key}'."));
            }
        }
    }
}

/// <summary>A batched call returned nothing for a caller's key.</summary>
public sealed class BatchResultMissingException(string message) : Exception(message);
