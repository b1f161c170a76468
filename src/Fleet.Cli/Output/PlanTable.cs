using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Spectre.Console;

namespace Fleet.Cli.Output;

/// <summary>The table form of <c>fleet plan</c>.</summary>
internal static class PlanTable
{
    public static void Write(TextWriter output, InstanceLimits limits, NodeSpec spec, Demand demand, DryRunResult result)
    {
        var console = CliConsole.Create(output);
        var mode = result.Final.Targets.PrefixMode ? "/28 prefixes" : "secondary IPs";
        console.MarkupLine(
            $"[bold]{Markup.Escape(limits.InstanceType)}[/]: {limits.MaxInterfaces} ENIs × {limits.Ipv4PerInterface} IPv4 slots, {mode}; " +
            $"used {demand.Used}, pending {demand.Pending}, pre-allocate {spec.EffectivePreAllocate}, min-allocate {spec.MinAllocate}, " +
            $"first-interface-index {spec.FirstInterfaceIndex}");

        var table = new Table().RoundedBorder()
            .AddColumn("#")
            .AddColumn("call")
            .AddColumn("path")
            .AddColumn("interface")
            .AddColumn("detail")
            .AddColumn(new TableColumn("addresses after").RightAligned());
        foreach (var step in result.Steps)
        {
            table.AddRow(
                step.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                step.Action.Call.ToString(),
                step.Action.IsCritical ? "[green]critical[/]" : "[grey]housekeeping[/]",
                step.EniLabel,
                Markup.Escape(step.Action.Describe()),
                step.AddressesAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine(
            $"critical-path calls: [bold]{result.CriticalCalls}[/] (lower bound {result.LowerBound}); housekeeping calls: {result.HousekeepingCalls}; " +
            $"addresses: {result.Final.Targets.Available} (target {result.Final.Targets.Target}); {Markup.Escape(result.Final.Detail)}");
    }
}
