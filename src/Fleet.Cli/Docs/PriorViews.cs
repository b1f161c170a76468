using System.Text.Json.Nodes;
using static Fleet.Cli.Docs.BenchViews;
using static Fleet.Cli.Docs.Figure;

namespace Fleet.Cli.Docs;

/// <summary>The priors' tables (issue 11): each policy's calls, p99 and addresses above target against lower-bound-calls', and per wave.</summary>
internal static class PriorViews
{
    /// <summary>Every policy of one run, with its calls, p99 and mean addresses above target as multiples of lower-bound-calls'.</summary>
    public static string Priors(IReadOnlyList<Figure> files)
    {
        var f = Single(files, "priors");
        var bound = f.Policy("lower-bound-calls");
        var table = new MarkdownTable("policy", "capacity calls", "× bound", "pod wait p99 (s)", "× bound", "above target mean / end", "× bound (mean)", "throttled")
            .Right(1, 2, 3, 4, 5, 6, 7);
        foreach (var p in f.Items("policies"))
        {
            table.Row(Str(p, "policy", f), N(p, "capacityCalls", f), Times(p, bound, "capacityCalls", f), Seconds(Num(p, "podWait.p99", f)),
                Times(p, bound, "podWait.p99", f), $"{N(p, "addressesAboveTarget.mean", f)} / {N(p, "addressesAboveTarget.end", f)}",
                Times(p, bound, "addressesAboveTarget.mean", f), N(p, "throttledResponses", f));
        }

        return table.ToString();
    }

    /// <summary>Each policy's waves (the JSON's <c>cohorts</c>): capacity calls per new node and mean addresses above target.</summary>
    public static string Waves(IReadOnlyList<Figure> files)
    {
        var f = Single(files, "waves");
        var names = f.Policy("lower-bound-calls")["cohorts"] is JsonArray c ? c.Select(w => (string)w!["name"]!).ToList() : [];
        var table = new MarkdownTable(["policy", .. names.Select(n => $"{n}: calls per node / above target (mean)")]).Right([.. Enumerable.Range(1, names.Count)]);
        foreach (var p in f.Items("policies"))
        {
            var waves = (Req(p, "cohorts", f.Path) as JsonArray ?? []).Select(w => $"{Ratio(Num(w!, "callsPerNode", f))} / {N(w!, "aboveTargetMean", f)}");
            table.Row([Str(p, "policy", f), .. waves]);
        }

        return table.ToString();
    }

    /// <summary>
    /// Issue 11's goals, judged from the runs given as <c>burst=</c> (1,000 nodes), <c>fii1=</c> (the same with
    /// first-interface-index 1), <c>waves=</c>, <c>churn=</c> (1,000 nodes) and <c>noisy=</c>.
    /// </summary>
    public static string Goals(IReadOnlyDictionary<string, Figure> runs)
    {
        Figure Run(string key) => runs.TryGetValue(key, out var f) ? f : throw new DocTableException($"prior-goals: no '{key}=' file given");
        var table = new MarkdownTable("goal", "result");

        var burst = Run("burst");
        var (fleet, bound) = (burst.Policy("fleet"), burst.Policy("lower-bound-calls"));
        table.Row("burst: capacity calls ≤ 1.05 × lower-bound-calls", Within(fleet, bound, "capacityCalls", 1.05, burst))
            .Row("burst: p99 pod wait ≤ 1.1 × lower-bound-calls'", Within(fleet, bound, "podWait.p99", 1.1, burst))
            .Row("burst: addresses above target (mean) ≤ 1.1 × lower-bound-calls'", Within(fleet, bound, "addressesAboveTarget.mean", 1.1, burst))
            .Row("burst: 0 throttled", Judge(Num(fleet, "throttledResponses", burst) == 0, N(fleet, "throttledResponses", burst)));
        var (latency, boundLatency) = (burst.Policy("fleet-latency"), burst.Policy("lower-bound-latency"));
        table.Row("burst, fleet-latency: p99 ≤ 1.5 × lower-bound-latency's", Within(latency, boundLatency, "podWait.p99", 1.5, burst))
            .Row("burst, fleet-latency: capacity calls ≤ 1.1 × lower-bound-latency's", Within(latency, boundLatency, "capacityCalls", 1.1, burst));

        var fii1 = Run("fii1");
        table.Row("burst, first-interface-index 1: capacity calls ≤ 1.05 × lower-bound-calls", Within(fii1.Policy("fleet"), fii1.Policy("lower-bound-calls"), "capacityCalls", 1.05, fii1))
            .Row("burst, first-interface-index 1: p99 ≤ 1.1 × lower-bound-calls'", Within(fii1.Policy("fleet"), fii1.Policy("lower-bound-calls"), "podWait.p99", 1.1, fii1));

        var waves = Run("waves");
        var (wf, wb) = (waves.Policy("fleet"), waves.Policy("lower-bound-calls"));
        JsonNode Wave(JsonNode p, int i) => Req(p, $"cohorts[{i}]", waves.Path);
        var perNode = Math.Max(Num(Wave(wf, 1), "callsPerNode", waves), Num(Wave(wf, 2), "callsPerNode", waves));
        var above = (Num(Wave(wf, 1), "aboveTargetMean", waves) + Num(Wave(wf, 2), "aboveTargetMean", waves)) / 2;
        var aboveBound = (Num(Wave(wb, 1), "aboveTargetMean", waves) + Num(Wave(wb, 2), "aboveTargetMean", waves)) / 2;
        table.Row("waves 2 and 3: ≤ 1.1 capacity calls per new node", Judge(perNode <= 1.1, $"at most {Ratio(perNode, "0.000")}"))
            .Row("waves 2 and 3: addresses above target (mean) ≤ 1.5 × lower-bound-calls'", Judge(above <= 1.5 * aboveBound, $"{Count(above)} vs {Count(aboveBound)} ({Ratio(above / aboveBound)}×)"))
            .Row("waves: capacity calls ≤ 1.15 × lower-bound-calls", Within(wf, wb, "capacityCalls", 1.15, waves))
            .Row("waves: p99 pod wait ≤ 1.2 × lower-bound-calls'", Within(wf, wb, "podWait.p99", 1.2, waves))
            .Row("waves: 0 throttled", Judge(Num(wf, "throttledResponses", waves) == 0, N(wf, "throttledResponses", waves)))
            .Row("waves: wave 1's addresses above target (mean), the price of no history", $"{N(Wave(wf, 0), "aboveTargetMean", waves)} vs {N(Wave(wb, 0), "aboveTargetMean", waves)}");

        var churn = Run("churn");
        table.Row("churn: capacity calls ≤ 1.25 × lower-bound-calls", Within(churn.Policy("fleet"), churn.Policy("lower-bound-calls"), "capacityCalls", 1.25, churn));

        var noisy = Run("noisy");
        var nf = noisy.Policy("fleet");
        var noisyCalls = Num(nf, "mutatingCalls", noisy) + Num(nf, "describeCalls", noisy);
        table.Row("noisy-neighbour: < 1 % throttled", Judge(Num(nf, "throttledResponses", noisy) < 0.01 * noisyCalls,
            $"{N(nf, "throttledResponses", noisy)} of {Count(noisyCalls)}"));
        return table.ToString();
    }

    private static string Within(JsonNode p, JsonNode bound, string path, double factor, Figure f)
    {
        var (value, b) = (Num(p, path, f), Num(bound, path, f));
        return Judge(value <= factor * b, $"{Ratio(value, "#,0.#")} vs {Ratio(b, "#,0.#")} ({Times(p, bound, path, f)}×)");
    }

    private static string Judge(bool met, string figures) => (met ? "**met**: " : "**missed**: ") + figures;

    private static string Times(JsonNode p, JsonNode bound, string path, Figure f)
    {
        var b = Num(bound, path, f);
        return b == 0 ? (Num(p, path, f) == 0 ? "1.00" : "—") : Ratio(Num(p, path, f) / b);
    }
}
