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

    private static string Times(JsonNode p, JsonNode bound, string path, Figure f)
    {
        var b = Num(bound, path, f);
        return b == 0 ? (Num(p, path, f) == 0 ? "1.00" : "—") : Ratio(Num(p, path, f) / b);
    }
}
