using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.EndToEnd.Tests;

/// <summary>
/// Node agents talking to the cluster through the HTTP API: each reports its demand every <c>interval</c> to a
/// running silo (round robin; a dead silo is skipped on the next report) until stopped — as real agents do, which
/// also brings a node whose grain died with its silo back to life. Every report's outcome is recorded with its time,
/// to measure how long service was interrupted.
/// </summary>
internal sealed class Agents(ProcessCluster cluster, IReadOnlyDictionary<string, int> usedByNode, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, JsonObject> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<(string Node, DateTimeOffset At, bool Ok)> _reports = [];

    public int Ready => _last.Values.Count(a => a["status"]?.GetValue<string>() is "Ready" or "ready");

    public IReadOnlyCollection<(string Node, DateTimeOffset At, bool Ok)> Reports => _reports;

    public IReadOnlyDictionary<string, JsonObject> Allocations => _last;

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(usedByNode.Select((n, i) => RunAgentAsync(n.Key, n.Value, i, stop)));

    private async Task RunAgentAsync(string node, int used, int turn, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            var silo = cluster.Running(turn++);
            var ok = false;
            try
            {
                using var response = await silo.Http.PutAsJsonAsync($"api/v1/nodes/{node}/demand", new { used }, stop);
                ok = response.IsSuccessStatusCode;
                if (ok)
                {
                    _last[node] = (await response.Content.ReadFromJsonAsync<JsonObject>(stop))!;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            _reports.Add((node, TimeProvider.System.GetUtcNow(), ok));
        }
        while (await Tick(timer, stop));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
