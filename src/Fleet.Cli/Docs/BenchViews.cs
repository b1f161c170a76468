using System.Globalization;
using System.Text.Json.Nodes;
using static Fleet.Cli.Docs.Figure;

namespace Fleet.Cli.Docs;

/// <summary>BENCHMARKS.md's tables, from the JSON <c>fleet bench --json</c> wrote (field names: BENCHMARKS.md).</summary>
internal static class BenchViews
{
    /// <summary>Every policy of one run: calls, describes, throttles, pod wait.</summary>
    public static string Policies(IReadOnlyList<Figure> files)
    {
        var f = Single(files, "policies");
        var table = new MarkdownTable("policy", "capacity calls", "critical", "housekeeping", "describes", "throttled", "pod wait p50 / p90 / p99 / max (s)", "pods unserved")
            .Right(1, 2, 3, 4, 5, 6, 7);
        foreach (var p in f.Items("policies"))
        {
            table.Row(Str(p, "policy", f), N(p, "capacityCalls", f), N(p, "criticalPathCalls", f), N(p, "housekeepingCalls", f), N(p, "describeCalls", f),
                N(p, "throttledResponses", f), Wait(p, f), N(p, "podWait.unserved", f));
        }

        return table.ToString();
    }

    /// <summary>The seed scenario: each policy's calls for the node on first-interface-index 1.</summary>
    public static string Seed(IReadOnlyList<Figure> files)
    {
        var f = Single(files, "seed");
        var table = new MarkdownTable("policy", "critical path", "housekeeping", "calls, in order", "instance syncs").Right(1, 2, 4);
        foreach (var p in f.Items("policies"))
        {
            var node = (Req(p, "perNode", f.Path) as JsonArray ?? []).FirstOrDefault(n => (int?)n!["firstInterfaceIndex"] == 1)
                ?? throw new DocTableException($"{f.Path}: policy {Str(p, "policy", f)} has no node with first-interface-index 1");
            table.Row(Str(p, "policy", f), N(node, "criticalPathCalls", f), N(node, "housekeepingCalls", f),
                string.Join(", ", (Req(node, "actions", f.Path) as JsonArray ?? []).Select(a => (string?)a)), N(node, "describeCalls", f));
        }

        return table.ToString();
    }

    /// <summary>
    /// One line per run of one policy (the file's name tells the runs apart): events, CPU, bytes allocated per event
    /// ("—" for files written before the figure was kept), wall, calls, pod wait.
    /// </summary>
    public static string EngineSpeed(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("run", "policy", "nodes", "scenario (h)", "engine events", "CPU (s)", "allocated / event (B)", "wall (s)", "capacity calls", "throttled",
                "pod wait p50 / p90 / p99 / max (s)", "pods unserved")
            .Right(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        foreach (var f in files)
        {
            var p = f.Items("policies")[0];
            var allocated = Opt(p, "cost.allocatedBytes") is { } bytes ? Count(bytes.GetValue<double>() / Num(p, "cost.events", f)) : "—";
            table.Row($"`{System.IO.Path.GetFileNameWithoutExtension(f.Path)}`", Str(p, "policy", f), Count(f.Number("nodes")), Seconds(f.Number("durationSeconds") / 3600),
                N(p, "cost.events", f), Seconds(Num(p, "cost.cpuSeconds", f)), allocated, Seconds(Num(p, "cost.wallSeconds", f)), N(p, "capacityCalls", f),
                N(p, "throttledResponses", f), Wait(p, f), N(p, "podWait.unserved", f));
        }

        return table.ToString();
    }

    /// <summary>Fleet in both engines: one row per run (sim or live), in the order given.</summary>
    public static string Engines(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("nodes", "engine", "capacity calls", "releases", "pod wait p50 / p90 / p99 / max (s)", "above target (mean)", "describes", "throttled")
            .Right(0, 2, 3, 4, 5, 6, 7);
        foreach (var f in files)
        {
            var p = f.Policy("fleet");
            table.Row(Count(f.Number("nodes")), Engine(f), N(p, "capacityCalls", f), N(p, "housekeepingCalls", f), Wait(p, f, decimals: 2),
                N(p, "addressesAboveTarget.mean", f), N(p, "describeCalls", f), N(p, "throttledResponses", f));
        }

        return table.ToString();
    }

    /// <summary>Live silo-loss runs: what the killed silo hosted, how long its nodes were gone, what it cost.</summary>
    public static string SiloLoss(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("run", "nodes", "nodes on the killed silo", "throttle grain there", "answered again after (scenario / wall s)", "capacity calls",
            "pod wait p99 / max (s)", "above target (end)").Right(1, 2, 4, 5, 6, 7);
        foreach (var (f, i) in files.Select((f, i) => (f, i + 1)))
        {
            var p = f.Policy("fleet");
            var loss = f.Find("live.siloLoss");
            table.Row(f.Path.Split('/')[^1].Replace(".json", "", StringComparison.Ordinal), Count(f.Number("nodes")),
                loss is null ? "— (no kill)" : N(loss, "nodesHosted", f), loss is null ? "—" : ((bool)loss["throttleGrainHosted"]! ? "yes" : "no"),
                loss is null ? "—" : $"{Seconds(Num(loss, "interruptionSeconds", f))} / {Seconds(Num(loss, "interruptionWallSeconds", f), 2)}",
                N(p, "capacityCalls", f), $"{Seconds(Num(p, "podWait.p99", f), 3)} / {Seconds(Num(p, "podWait.max", f))}", N(p, "addressesAboveTarget.end", f));
        }

        return table.ToString();
    }

    /// <summary>Fleet's own cost in live runs: managed bytes per node grain, persisted bytes, CPU.</summary>
    public static string Memory(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("nodes", "engine", "managed heap per node grain (KB)", "persisted per node (B)", "demand reports", "process CPU (s)").Right(0, 2, 3, 4, 5);
        foreach (var f in files)
        {
            var p = f.Policy("fleet");
            table.Row(Count(f.Number("nodes")), Engine(f), Seconds(Num(p, "cost.memoryPerNodeBytes", f) / 1000), Count(f.Number("live.memory.persistedBytesPerNode")),
                Count(f.Number("live.reports")), Seconds(Num(p, "cost.cpuSeconds", f)));
        }

        return table.ToString();
    }

    /// <summary>
    /// The issue's goals, judged from the runs named <c>burst=</c>, <c>noisy=</c>, <c>churn=</c>, <c>sim200=</c> and
    /// <c>live200=</c>.
    /// </summary>
    public static string Goals(IReadOnlyDictionary<string, Figure> runs)
    {
        Figure Run(string key) => runs.TryGetValue(key, out var f) ? f : throw new DocTableException($"goals: no '{key}=' file given");
        var burst = Run("burst");
        var fleet = burst.Policy("fleet");
        var lower = burst.Policy("lower-bound-calls");
        var cilium = burst.Policy("cilium-post-44154");
        var latency = burst.Policy("fleet-latency");
        var lowerLatency = burst.Policy("lower-bound-latency");
        double V(JsonNode p, string path, Figure f) => Num(p, path, f);
        var calls = V(fleet, "capacityCalls", burst);
        var p99 = V(fleet, "podWait.p99", burst);
        var nodes = Count(burst.Number("nodes"));

        var noisy = Run("noisy");
        var noisyFleet = noisy.Policy("fleet");
        var noisyCalls = V(noisyFleet, "mutatingCalls", noisy) + V(noisyFleet, "describeCalls", noisy);
        var noisyThrottled = V(noisyFleet, "throttledResponses", noisy);

        var churn = Run("churn");
        var cpu = V(churn.Policy("fleet"), "cost.cpuSeconds", churn);

        var (sim, live) = (Run("sim200").Policy("fleet"), Run("live200").Policy("fleet"));
        var (simCalls, liveCalls) = (V(sim, "capacityCalls", Run("sim200")), V(live, "capacityCalls", Run("live200")));
        var (simP99, liveP99) = (V(sim, "podWait.p99", Run("sim200")), V(live, "podWait.p99", Run("live200")));

        return new MarkdownTable("goal", "result")
            .Row($"burst {nodes}: capacity calls ≤ 1.05 × lower-bound-calls", Judge(calls <= 1.05 * V(lower, "capacityCalls", burst),
                $"{Count(calls)} vs {Count(V(lower, "capacityCalls", burst))} ({Ratio(calls / V(lower, "capacityCalls", burst), "0.00")}×)"))
            .Row($"burst {nodes}: capacity calls ≤ 0.5 × cilium-post-44154", Judge(calls <= 0.5 * V(cilium, "capacityCalls", burst),
                $"{Count(calls)} vs {Count(V(cilium, "capacityCalls", burst))} ({Ratio(calls / V(cilium, "capacityCalls", burst), "0.00")}×)"))
            .Row($"burst {nodes}: zero throttled responses", Judge(V(fleet, "throttledResponses", burst) == 0, Count(V(fleet, "throttledResponses", burst))))
            .Row($"burst {nodes}: p99 pod wait ≤ 1.2 × lower-bound-calls' p99", Judge(p99 <= 1.2 * V(lower, "podWait.p99", burst),
                $"{Seconds(p99)} s vs {Seconds(V(lower, "podWait.p99", burst))} s"))
            .Row($"burst {nodes}: p99 pod wait ≥ 5× better than cilium-post-44154", Judge(V(cilium, "podWait.p99", burst) >= 5 * p99,
                $"{Seconds(V(cilium, "podWait.p99", burst))} / {Seconds(p99)} = {Ratio(V(cilium, "podWait.p99", burst) / Math.Max(p99, 1e-9), "0.00")}×"))
            .Row($"burst {nodes}, latency-first: p99 ≤ 1.5 × lower-bound-latency's p99", Judge(V(latency, "podWait.p99", burst) <= 1.5 * V(lowerLatency, "podWait.p99", burst),
                $"{Seconds(V(latency, "podWait.p99", burst))} s vs {Seconds(V(lowerLatency, "podWait.p99", burst))} s"))
            .Row("noisy-neighbour: Fleet's throttled responses < 1 % of its calls", Judge(noisyThrottled < 0.01 * noisyCalls,
                $"{Count(noisyThrottled)} of {Count(noisyCalls)} ({Ratio(100 * noisyThrottled / noisyCalls, "0.00")} %)"))
            .Row($"DES: {Count(churn.Number("nodes"))} nodes × {Seconds(churn.Number("durationSeconds") / 3600, 0)} h in < 60 s of CPU", Judge(cpu < 60, $"{Seconds(cpu)} CPU-s (every thread: the engine's one and the collector's)"))
            .Row("sim and live agree at 200 nodes: capacity calls within 10 %, p99 pod wait within 10 % (or 1 s, a live run's resolution)",
                Judge(Math.Abs(liveCalls - simCalls) <= 0.1 * simCalls && Math.Abs(liveP99 - simP99) <= Math.Max(0.1 * simP99, 1),
                    $"capacity calls {Count(simCalls)} vs {Count(liveCalls)}; p99 {Seconds(simP99, 3)} s vs {Seconds(liveP99, 3)} s"))
            .ToString();
    }

    private static string Judge(bool met, string figures) => (met ? "**met**: " : "**missed**: ") + figures;

    private static string Engine(Figure f) =>
        f.Find("live.compression") is { } c
            ? $"live {c.GetValue<double>().ToString("0.#", CultureInfo.InvariantCulture)}×{(f.Number("live.silos") > 1 ? $", {f.Long("live.silos")} silos" : "")}"
            : "sim";

    internal static string Wait(JsonNode p, Figure f, int decimals = 1) =>
        string.Join(" / ", new[] { "p50", "p90", "p99", "max" }.Select(q => Seconds(Num(p, "podWait." + q, f), decimals)));

    internal static Figure Single(IReadOnlyList<Figure> files, string view) =>
        files.Count == 1 ? files[0] : throw new DocTableException($"view '{view}' renders one file; {files.Count} given");

    internal static double Num(JsonNode node, string path, Figure f) => Req(node, path, f.Path).GetValue<double>();

    internal static string N(JsonNode node, string path, Figure f) => Count(Num(node, path, f));

    internal static string Str(JsonNode node, string path, Figure f) => Req(node, path, f.Path).GetValue<string>();
}
