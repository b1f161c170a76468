using System.Globalization;
using Fleet.Simulation.Reports;
using Spectre.Console;

namespace Fleet.Cli.Output;

/// <summary>The table form of <c>fleet bench</c>: one row per policy.</summary>
internal static class BenchTable
{
    public static void Write(TextWriter output, BenchReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected || output != Console.Out)
        {
            console.Profile.Width = 200;
        }

        console.MarkupLine($"[bold]{Markup.Escape(report.Scenario)}[/] ({report.Engine}, seed {report.Seed}): {Markup.Escape(report.Covers)}; " +
            $"{report.Nodes} nodes, {report.Pods} pods, {report.DurationSeconds / 60:0.#} min of scenario time");
        var table = new Table().RoundedBorder()
            .AddColumn("policy")
            .AddColumn(new TableColumn("capacity calls").RightAligned())
            .AddColumn(new TableColumn("critical").RightAligned())
            .AddColumn(new TableColumn("housekeeping").RightAligned())
            .AddColumn(new TableColumn("describes").RightAligned())
            .AddColumn(new TableColumn("throttled").RightAligned())
            .AddColumn(new TableColumn("pod wait p50/p90/p99/max (s)").RightAligned())
            .AddColumn(new TableColumn("unserved").RightAligned())
            .AddColumn(new TableColumn("above target mean/end").RightAligned())
            .AddColumn(new TableColumn("ENIs leaked").RightAligned())
            .AddColumn(new TableColumn("CPU s").RightAligned());
        foreach (var p in report.Policies)
        {
            var w = p.PodWait;
            table.AddRow(
                Markup.Escape(p.Policy),
                N(p.CapacityCalls),
                N(p.CriticalPathCalls),
                N(p.HousekeepingCalls),
                N(p.DescribeCalls),
                N(p.ThrottledResponses),
                string.Create(CultureInfo.InvariantCulture, $"{w.P50:0.0} / {w.P90:0.0} / {w.P99:0.0} / {w.Max:0.0}"),
                N(w.Unserved),
                string.Create(CultureInfo.InvariantCulture, $"{p.AddressesAboveTarget.Mean:0} / {p.AddressesAboveTarget.End}"),
                N(p.EnisLeaked),
                p.Cost.CpuSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var p in report.Policies.Where(p => !p.PerNode.IsDefaultOrEmpty))
        {
            foreach (var n in p.PerNode)
            {
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Policy} {n.InstanceId} (first-interface-index {n.FirstInterfaceIndex}): {n.CriticalPathCalls} critical + {n.HousekeepingCalls} housekeeping: {string.Join(", ", n.Actions)}")));
            }
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
