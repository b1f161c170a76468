using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;

namespace Fleet.Testing;

/// <summary>
/// <see cref="PodAgent"/>s talking to a <see cref="ProcessCluster"/> through the HTTP API, every <paramref name="interval"/>
/// (default 200 ms), each to a running silo in turn (a stopped silo is skipped; with none running, the agent waits) —
/// as real agents do, which also brings a node whose grain died with its silo back to life. Every report's outcome is
/// kept with its time, to measure how long service was interrupted. The end-to-end and reliability suites' one agent.
/// </summary>
public sealed class HttpAgents(ProcessCluster cluster, IReadOnlyList<PodAgent> agents, TimeSpan? interval = null)
{
    private readonly ConcurrentQueue<(DateTimeOffset At, string Node, int Status)> _reports = new();
    private readonly Lock _gate = new();
    private readonly List<(long Target, TaskCompletionSource Reached)> _waiters = [];
    private long _failures;

    public IReadOnlyCollection<(DateTimeOffset At, string Node, int Status)> Reports => _reports;

    /// <summary>The agents.</summary>
    public IReadOnlyList<PodAgent> Agents => agents;

    /// <summary>Agents whose node last said it is ready.</summary>
    public int Ready => agents.Count(a => a.Allocation?.Status == NodeStatus.Ready);

    /// <summary>How many nodes are ready, and which are not, with what they last said (a wait's "last seen" when it times out).</summary>
    public Readiness Look() => new(Ready, NotReady());

    /// <summary>The nodes not ready, each with what it last said and the outcome of its agent's last report.</summary>
    public string NotReady()
    {
        var last = _reports.GroupBy(r => r.Node).ToDictionary(g => g.Key, g => g.MaxBy(r => r.At).Status, StringComparer.Ordinal);
        return string.Join('\n', agents.Where(a => a.Allocation?.Status != NodeStatus.Ready).Select(a =>
            $"{a.InstanceId}: {a.Allocation?.Status.ToString() ?? "no answer"} ({a.Allocation?.Detail}), available {a.Allocation?.Available}, "
            + $"used {a.Allocation?.Used}, last report HTTP {last.GetValueOrDefault(a.InstanceId)}"));
    }

    /// <summary>Agents for each node with a fixed number of pods.</summary>
    public static IReadOnlyList<PodAgent> Fixed(IReadOnlyDictionary<string, int> podsByNode) =>
        [.. podsByNode.Select((p, i) => new PodAgent(p.Key, i) { Desired = p.Value })];

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(agents.Select((a, i) => RunAgentAsync(a, i, stop)));

    /// <summary>
    /// Completes once <paramref name="count"/> more reports from now have failed (no answer, or an answer other than
    /// 200 or 404): the agents have felt a fault.
    /// </summary>
    public Task WaitForFailuresAsync(int count)
    {
        lock (_gate)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_failures + count, reached));
            return reached.Task;
        }
    }

    /// <summary>The first time after <paramref name="since"/> from which every agent's reports succeeded; null if not yet.</summary>
    public DateTimeOffset? RecoveredAt(DateTimeOffset since)
    {
        var after = _reports.Where(r => r.At >= since).ToList();
        var lastFailure = after.Where(r => r.Status != 200 && r.Status != 404).Select(r => (DateTimeOffset?)r.At).Max();
        return lastFailure is null ? since : after.Where(r => r.At > lastFailure && r.Status == 200).Select(r => (DateTimeOffset?)r.At).Min();
    }

    private Task RunAgentAsync(PodAgent agent, int turn, CancellationToken stop) =>
        Cadence.EveryAsync(interval ?? TimeSpan.FromMilliseconds(200), async () =>
        {
            var running = cluster.Silos.Where(s => s.IsRunning).ToList();
            if (running.Count > 0)
            {
                var silo = running[turn++ % running.Count];
                Record(agent.InstanceId, await ReportAsync(silo, agent, stop));
            }
        }, stop);

    private void Record(string node, int status)
    {
        _reports.Enqueue((TimeProvider.System.GetUtcNow(), node, status));
        if (status is 200 or 404)
        {
            return;
        }

        lock (_gate)
        {
            _failures++;
            foreach (var waiter in _waiters.Where(w => w.Target <= _failures).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
    }

    private static async Task<int> ReportAsync(SiloProcess silo, PodAgent agent, CancellationToken stop)
    {
        var report = agent.NextReport();
        var body = new Dictionary<string, object> { ["used"] = report.Used, ["pending"] = report.Pending };
        if (report.InUse is { } inUse)
        {
            body["inUse"] = inUse;
        }

        if (report.ReleaseAcks is { Length: > 0 } acks)
        {
            body["releaseAcks"] = acks;
        }

        try
        {
            using var response = await silo.Http.PutAsJsonAsync($"api/v1/nodes/{agent.InstanceId}/demand", body, stop);
            if (response.IsSuccessStatusCode)
            {
                agent.Observe((await response.Content.ReadFromJsonAsync<NodeAllocation>(ApiJson.Options, stop))!);
            }

            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            return 0; // a silo gone or restarting, a timeout, or the run stopping mid-request
        }
    }
}

/// <summary>A look at the agents: <paramref name="Ready"/> nodes ready; the others as <paramref name="NotReady"/> lists them.</summary>
public sealed record Readiness(int Ready, string NotReady)
{
    public override string ToString() => NotReady.Length == 0 ? $"{Ready} ready" : $"{Ready} ready; not ready:\n{NotReady}";
}
