using System.Text.Json.Nodes;
using static Fleet.Cli.Docs.Figure;

namespace Fleet.Cli.Docs;

/// <summary>BENCHMARKS.md's tables of a run of several clusters (<c>fleet bench --scenario two-clusters --json</c>).</summary>
internal static class ClusterViews
{
    /// <summary>Every policy's figures per cluster: nodes, capacity calls, throttles, pod wait.</summary>
    public static string Clusters(IReadOnlyList<Figure> files)
    {
        var f = files.Count == 1 ? files[0] : throw new DocTableException($"view 'clusters' renders one file; {files.Count} given");
        var table = new MarkdownTable("policy", "cluster", "nodes", "capacity calls", "throttled", "pod wait p50 / p90 / p99 / max (s)", "pods unserved")
            .Right(2, 3, 4, 5, 6);
        foreach (var p in f.Items("policies"))
        {
            var policy = Req(p, "policy", f.Path).GetValue<string>();
            foreach (var c in Req(p, "clusters", f.Path) as JsonArray ?? throw new DocTableException($"{f.Path}: policy {policy}'s 'clusters' is not an array"))
            {
                table.Row(policy, Req(c!, "cluster", f.Path).GetValue<string>(), N(c!, "nodes", f), N(c!, "capacityCalls", f), N(c!, "throttledResponses", f),
                    string.Join(" / ", new[] { "p50", "p90", "p99", "max" }.Select(q => Seconds(Num(c!, "podWait." + q, f)))), N(c!, "podWait.unserved", f));
            }
        }

        return table.ToString();
    }

    /// <summary>The issue's goals for the run of two clusters, judged from its <c>fairness</c> figures.</summary>
    public static string Fairness(IReadOnlyList<Figure> files)
    {
        var f = files.Count == 1 ? files[0] : throw new DocTableException($"view 'fairness' renders one file; {files.Count} given");
        string a = f.Text("fairness.bursting"), b = f.Text("fairness.churning");
        var bRatio = f.Number("fairness.bP99RatioToSolo");
        var aRatio = f.Number("fairness.aCallsRatioToSolo");
        var throttled = f.Number("fairness.throttled");
        return new MarkdownTable("goal", "result")
            .Row($"cluster {b}'s p99 pod wait beside {a}'s burst ≤ 1.2 × alone (fairness.bP99RatioToSolo)",
                Judge(bRatio <= 1.2, $"{Seconds(f.Number("fairness.bP99"), 3)} s vs {Seconds(f.Number("fairness.bSoloP99"), 3)} s alone = {Ratio(bRatio)}×"))
            .Row($"cluster {a}'s capacity calls beside {b} ≤ 1.05 × alone (fairness.aCallsRatioToSolo)",
                Judge(aRatio <= 1.05, $"{Count(f.Number("fairness.aCalls"))} vs {Count(f.Number("fairness.aSoloCalls"))} alone = {Ratio(aRatio)}×"))
            .Row("0 throttled", Judge(throttled == 0, Count(throttled)))
            .ToString();
    }

    private static string Judge(bool met, string figures) => (met ? "**met**: " : "**missed**: ") + figures;

    private static double Num(JsonNode node, string path, Figure f) => Req(node, path, f.Path).GetValue<double>();

    private static string N(JsonNode node, string path, Figure f) => Count(Num(node, path, f));
}
