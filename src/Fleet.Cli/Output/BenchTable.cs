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

        foreach (var p in report.Policies)
        {
            foreach (var c in p.Clusters)
            {
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{p.Policy}, cluster {c.Cluster} ({c.Nodes} nodes): {c.CapacityCalls:N0} capacity calls, {c.ThrottledResponses:N0} throttled, pod wait p50/p90/p99/max {c.PodWait.P50:0.0} / {c.PodWait.P90:0.0} / {c.PodWait.P99:0.0} / {c.PodWait.Max:0.0} s")));
            }
        }

        if (report.Fairness is { } f)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"fairness (fleet): {f.Churning}'s p99 {f.BP99:0.0} s vs {f.BSoloP99:0.0} s alone = {f.BP99RatioToSolo:0.00}× (goal ≤ 1.2); {f.Bursting}'s capacity calls {f.ACalls:N0} vs {f.ASoloCalls:N0} alone = {f.ACallsRatioToSolo:0.00}× (goal ≤ 1.05); {f.Throttled} throttled")));
        }

        if (report.Live is { } live)
        {
            foreach (var line in LiveLines(live))
            {
                console.MarkupLine(Markup.Escape(line));
            }
        }
    }

    private static IEnumerable<string> LiveLines(LiveFigures live)
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"live: {live.Silos} silo(s), {live.Compression}× compression, ArrivalJitter {live.ArrivalJitterSeconds} s; settled at {live.SettledAtSeconds} s " +
            $"({live.WallSeconds} s wall); events late p99 {live.DriverLateness.P99} s, max {live.DriverLateness.Max} s; {live.Reports:N0} reports, {live.ReportsFailed:N0} failed");
        var m = live.Memory;
        yield return string.Create(c, $"memory per node: {m.PerNodeBytes:N0} B managed ({m.NodeActivationsCollected} of {m.NodeActivations} activations collected); persisted {m.PersistedBytesPerNode:N0} B");
        var k = live.Checks;
        yield return string.Create(c, $"end state: {k.NodesAtTarget}/{k.ActiveNodes} nodes Ready; {k.FleetEnis} Fleet ENIs, {k.FleetEnisNotOnTheirNode} not on their node; " +
            $"{k.AddressesOnTwoEnis} addresses on two ENIs; {k.AllocationsDifferingFromEc2} allocations differing from EC2");
        if (live.SiloLoss is { } loss)
        {
            yield return string.Create(c, $"silo {loss.Silo} killed at {loss.KilledAtSeconds} s: {loss.NodesHosted} nodes there (throttle grain there: {loss.ThrottleGrainHosted}); " +
                $"all answered again after {loss.InterruptionSeconds} s ({loss.InterruptionWallSeconds} s wall), {loss.NodesServedAgain}/{loss.NodesHosted}");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
