using System.Globalization;
using static Fleet.Cli.Docs.Figure;

namespace Fleet.Cli.Docs;

/// <summary>
/// What <c>fleet load --throughput</c> and <c>fleet load --memory</c> measured (<c>benchmarks/load/run.sh</c>):
/// reports per second and latency for each path, managed bytes per node grain.
/// </summary>
internal static class LoadViews
{
    /// <summary>One row per throughput run (via Orleans or HTTP), then one per memory run.</summary>
    public static string Load(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("measured", "nodes", "reports/s", "latency p50 / p90 / p99 / max (ms)", "per node grain (KiB)", "heap per node (KiB)", "generator CPU (s)")
            .Right(1, 2, 3, 4, 5, 6);
        foreach (var f in files)
        {
            if (f.Find("throughput") is not null)
            {
                var latency = string.Join(" / ", new[] { "p50", "p90", "p99", "max" }.Select(q => Ms(f.Number("throughput.latencyMs." + q))));
                table.Row($"reports via {f.Text("throughput.via")}", Count(f.Number("throughput.nodes")), Count(f.Number("throughput.reportsPerSecond")), latency, "", "",
                    f.Number("throughput.generatorCpuSeconds").ToString("0.0", CultureInfo.InvariantCulture));
            }
            else
            {
                table.Row("memory", Count(f.Number("memory.nodes")), "", "", KiB(f.Find("memory.bytesPerNodeGrain")), KiB(f.Find("memory.heapPerNodeBytes")), "");
            }
        }

        return table.ToString();
    }

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string KiB(System.Text.Json.Nodes.JsonNode? bytes) =>
        bytes is null ? "—" : (bytes.GetValue<double>() / 1024).ToString("0.0", CultureInfo.InvariantCulture);
}
