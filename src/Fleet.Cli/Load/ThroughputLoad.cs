using System.Diagnostics;

namespace Fleet.Cli.Load;

/// <summary>What a throughput run is asked to do.</summary>
/// <param name="Concurrency">Reports in flight at once (each worker sends its next report when the last is answered).</param>
/// <param name="Warmup">How long to report, unmeasured, after every node has been reported once (JIT, caches, pools).</param>
/// <param name="Duration">The measured window.</param>
/// <param name="ChangeRate">Fraction of reports that change the node's demand; the others repeat it, as agents mostly do.</param>
/// <param name="MaxPods">Demand stays within 0–this.</param>
/// <param name="Seed">Seed of the demand walk.</param>
internal sealed record ThroughputOptions(int Concurrency, TimeSpan Warmup, TimeSpan Duration, double ChangeRate, int MaxPods, int Seed);

/// <summary>
/// Drives N nodes' demand reports as fast as the silo answers them: <see cref="ThroughputOptions.Concurrency"/> workers
/// in a closed loop, each taking the next node round-robin, so a node has at most one report in flight while N is
/// larger than the concurrency. First every node is reported once (activation, EC2 discovery: not measured), then a
/// warm-up, then the measured window. Latency is send-to-answer on <see cref="TimeProvider"/>'s timestamp.
/// </summary>
internal sealed class ThroughputLoad(IReportTransport transport, IReadOnlyList<string> instances, ThroughputOptions options, TimeProvider time)
{
    private readonly int[] _used = new int[instances.Count];
    private long _next = -1;

    public async Task<ThroughputResult> RunAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        var seeding = new Random(options.Seed);
        for (var i = 0; i < _used.Length; i++)
        {
            _used[i] = seeding.Next(0, options.MaxPods + 1);
        }

        progress?.Invoke($"reporting once for each of {instances.Count} nodes (activation and EC2 discovery, not measured)");
        var first = await PhaseAsync(options.Concurrency, time.GetTimestamp(), onePass: true, cancellationToken);
        progress?.Invoke($"warming up for {options.Warmup.TotalSeconds:0} s");
        await PhaseAsync(options.Concurrency, time.GetTimestamp() + Ticks(options.Warmup), onePass: false, cancellationToken);
        progress?.Invoke($"measuring for {options.Duration.TotalSeconds:0} s with {options.Concurrency} reports in flight via {transport.Name}");
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = time.GetTimestamp();
        var measured = await PhaseAsync(options.Concurrency, started + Ticks(options.Duration), onePass: false, cancellationToken);
        var elapsed = time.GetElapsedTime(started);
        process.Refresh();
        return new ThroughputResult(
            transport.Name,
            instances.Count,
            options.Concurrency,
            options.ChangeRate,
            Math.Round(elapsed.TotalSeconds, 2),
            measured.Latencies.Count,
            Math.Round(measured.Latencies.Count / elapsed.TotalSeconds),
            measured.Latencies.Percentiles(time.TimestampFrequency),
            measured.Outcomes,
            measured.Errors,
            measured.LastError,
            first.Outcomes,
            Math.Round((process.TotalProcessorTime - cpu).TotalSeconds, 2),
            LoadAverage.Read());
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    /// <summary>Runs the workers until <paramref name="until"/> (a timestamp), or once over every node when <paramref name="onePass"/>.</summary>
    private async Task<Phase> PhaseAsync(int workers, long until, bool onePass, CancellationToken cancellationToken)
    {
        var phase = new Phase();
        var passStart = Interlocked.Read(ref _next) + 1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkerAsync(phase, w, until, onePass ? passStart : -1, cancellationToken), cancellationToken)));
        return phase;
    }

    private async Task WorkerAsync(Phase phase, int worker, long until, long passStart, CancellationToken cancellationToken)
    {
        var random = new Random(HashCode.Combine(options.Seed, worker, passStart, until));
        var latencies = phase.Latencies.ForWorker();
        var outcomes = new Dictionary<string, long>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _next);
            if (passStart >= 0 ? n >= passStart + instances.Count : time.GetTimestamp() >= until)
            {
                break;
            }

            var i = (int)(n % instances.Count);
            var used = _used[i];
            if (random.NextDouble() < options.ChangeRate)
            {
                used = _used[i] = Math.Clamp(used + (random.Next(2) == 0 ? -1 : 1) * random.Next(1, 4), 0, options.MaxPods);
            }

            var sent = time.GetTimestamp();
            try
            {
                var outcome = await transport.ReportAsync(instances[i], used, 0, cancellationToken);
                var answered = time.GetTimestamp();
                latencies.Add(answered - sent);
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                phase.Error(e);
            }
        }

        phase.Merge(outcomes);
    }

    private sealed class Phase
    {
        private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
        private long _errors;

        public LatencyStats Latencies { get; } = new();

        public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

        public long Errors => _errors;

        public string? LastError { get; private set; }

        public void Error(Exception e)
        {
            Interlocked.Increment(ref _errors);
            LastError = $"{e.GetType().Name}: {e.Message}";
        }

        public void Merge(Dictionary<string, long> outcomes)
        {
            lock (_outcomes)
            {
                foreach (var (name, count) in outcomes)
                {
                    _outcomes[name] = _outcomes.GetValueOrDefault(name) + count;
                }
            }
        }
    }
}
