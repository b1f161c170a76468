using Fleet.Grains.Describe;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Grains.Tests;

/// <summary>
/// The describe batcher: many callers, one call; results fanned back by key. Time is a fake clock the tests move, so
/// a batch is sent exactly when a test moves the clock past its window and never while callers are still joining.
/// </summary>
public sealed class BatcherTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(30);
    private readonly List<IReadOnlyList<string>> _calls = [];
    private readonly FakeTimeProvider _time = new();

    private int Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.Count;
            }
        }
    }

    private Batcher<string, string> Create(
        int maxItems = 200,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? answer = null,
        TimeSpan? max = null) => new(
        (keys, _) =>
        {
            lock (_calls)
            {
                _calls.Add(keys);
            }

            return Task.FromResult(answer?.Invoke(keys) ?? keys.ToDictionary(k => k, k => k.ToUpperInvariant()));
        },
        Idle,
        max ?? TimeSpan.FromSeconds(5),
        maxItems,
        _time);

    [Fact]
    public async Task Callers_arriving_together_share_one_call_and_each_gets_its_own_result()
    {
        var batcher = Create();

        var all = Task.WhenAll(Enumerable.Range(0, 50).Select(i => batcher.GetAsync($"i-{i}", CancellationToken.None)).ToList());
        _time.Advance(Idle);
        var results = await all;

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"I-{i}"), results);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task A_full_batch_is_sent_at_once_and_the_rest_follow_in_another()
    {
        var batcher = Create(maxItems: 200);

        var all = Task.WhenAll(Enumerable.Range(0, 250).Select(i => batcher.GetAsync($"i-{i}", CancellationToken.None)).ToList());
        _time.Advance(Idle);
        await all;

        Assert.Equal([200, 50], _calls.Select(c => c.Count).Order().Reverse());
    }

    [Fact]
    public async Task A_key_the_call_returned_nothing_for_gets_an_explicit_error()
    {
        var batcher = Create(answer: keys => keys.Where(k => k != "i-missing").ToDictionary(k => k, k => k));

        var found = batcher.GetAsync("i-found", CancellationToken.None);
        var missing = batcher.GetAsync("i-missing", CancellationToken.None);
        _time.Advance(Idle);

        Assert.Equal("i-found", await found);
        var error = await Assert.ThrowsAsync<BatchResultMissingException>(() => missing);
        Assert.Contains("i-missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_without_cancelling_the_batch()
    {
        var batcher = Create();
        using var cancel = new CancellationTokenSource();

        var abandoned = batcher.GetAsync("i-a", cancel.Token);
        var kept = batcher.GetAsync("i-b", CancellationToken.None);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(0, Calls);
        _time.Advance(Idle);
        Assert.Equal("I-B", await kept);
        Assert.Equal(["i-a", "i-b"], _calls.Single().Order());
    }

    [Fact]
    public async Task A_caller_joining_inside_the_idle_window_holds_the_batch_open_until_the_window_passes_quietly()
    {
        var batcher = Create();

        var first = batcher.GetAsync("i-a", CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        var second = batcher.GetAsync("i-b", CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(20));

        Assert.Equal(0, Calls);
        Assert.False(first.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(["I-A", "I-B"], await Task.WhenAll(first, second));
        Assert.Equal(["i-a", "i-b"], _calls.Single().Order());
    }

    [Fact]
    public async Task Callers_joining_without_pause_are_sent_once_the_maximum_window_has_passed()
    {
        var batcher = Create(max: TimeSpan.FromMilliseconds(100));
        var asked = new List<Task<string>>();

        for (var i = 0; i < 5; i++)
        {
            asked.Add(batcher.GetAsync($"i-{i}", CancellationToken.None));
            Assert.Equal(0, Calls);
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        asked.Add(batcher.GetAsync("i-5", CancellationToken.None));
        await Task.WhenAll(asked.Take(5));
        var late = batcher.GetAsync("i-late", CancellationToken.None);
        _time.Advance(Idle);

        Assert.Equal(["I-5", "I-LATE"], await Task.WhenAll(asked[5], late));
        Assert.Equal([5, 2], _calls.Select(c => c.Count));
    }
}
