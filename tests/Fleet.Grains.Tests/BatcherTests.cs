using Fleet.Grains.Describe;

namespace Fleet.Grains.Tests;

/// <summary>The describe batcher: many callers, one call; results fanned back by key.</summary>
public sealed class BatcherTests
{
    private readonly List<IReadOnlyList<string>> _calls = [];

    private Batcher<string, string> Create(int maxItems = 200, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>>? answer = null) => new(
        (keys, _) =>
        {
            lock (_calls)
            {
                _calls.Add(keys);
            }

            return Task.FromResult(answer?.Invoke(keys) ?? keys.ToDictionary(k => k, k => k.ToUpperInvariant()));
        },
        TimeSpan.FromMilliseconds(30),
        TimeSpan.FromSeconds(5),
        maxItems,
        TimeProvider.System);

    [Fact]
    public async Task Callers_arriving_together_share_one_call_and_each_gets_its_own_result()
    {
        var batcher = Create();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => batcher.GetAsync($"i-{i}", CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"I-{i}"), results);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task A_full_batch_is_sent_at_once_and_the_rest_follow_in_another()
    {
        var batcher = Create(maxItems: 200);

        await Task.WhenAll(Enumerable.Range(0, 250).Select(i => batcher.GetAsync($"i-{i}", CancellationToken.None)));

        Assert.Equal([200, 50], _calls.Select(c => c.Count).Order().Reverse());
    }

    [Fact]
    public async Task A_key_the_call_returned_nothing_for_gets_an_explicit_error()
    {
        var batcher = Create(answer: keys => keys.Where(k => k != "i-missing").ToDictionary(k => k, k => k));

        var found = batcher.GetAsync("i-found", CancellationToken.None);
        var missing = batcher.GetAsync("i-missing", CancellationToken.None);

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
        Assert.Equal("I-B", await kept);
        Assert.Equal(["i-a", "i-b"], _calls.Single().Order());
    }
}
