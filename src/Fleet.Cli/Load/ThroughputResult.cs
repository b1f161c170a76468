using System.Globalization;
using Spectre.Console;

namespace Fleet.Cli.Load;

/// <summary>What <c>fleet load --throughput</c> measured (its <c>--json</c> form).</summary>
/// <param name="Via"><c>orleans</c> or <c>http</c>.</param>
/// <param name="Nodes">Nodes reported for.</param>
/// <param name="Concurrency">Reports in flight.</param>
/// <param name="ChangeRate">Fraction of reports that changed the node's demand.</param>
/// <param name="Seconds">The measured window.</param>
/// <param name="Reports">Reports answered in it.</param>
/// <param name="ReportsPerSecond">Reports answered per second.</param>
/// <param name="LatencyMs">Send-to-answer latency percentiles.</param>
/// <param name="Outcomes">Answers by outcome (<c>accepted</c>, a refusal, or <c>http-NNN</c>).</param>
/// <param name="Errors">Reports that got no answer (timeouts, connection errors).</param>
/// <param name="LastError">The last such error.</param>
/// <param name="FirstPass">Outcomes of the unmeasured first report of every node.</param>
/// <param name="GeneratorCpuSeconds">CPU time this load generator used in the window (it shares the machine with the silo).</param>
/// <param name="LoadAverage">The machine's load averages at the end (1, 5, 15 min).</param>
internal sealed record ThroughputResult(
    string Via,
    int Nodes,
    int Concurrency,
    double ChangeRate,
    double Seconds,
    long Reports,
    double ReportsPerSecond,
    LatencyFigures LatencyMs,
    IReadOnlyDictionary<string, long> Outcomes,
    long Errors,
    string? LastError,
    IReadOnlyDictionary<string, long> FirstPass,
    double GeneratorCpuSeconds,
    double[]? LoadAverage)
{
    public Table Render()
    {
        static string N(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
        var table = new Table().RoundedBorder().Title($"fleet load --throughput: {Nodes} nodes via {Via}").AddColumns("", "");
        table.AddRow("reports/s", $"[bold]{N(ReportsPerSecond)}[/] ({N(Reports)} in {N(Seconds)} s, {Concurrency} in flight, {ChangeRate:P0} change demand)");
        table.AddRow("latency", $"p50 {N(LatencyMs.P50)} ms, p90 {N(LatencyMs.P90)} ms, p99 {N(LatencyMs.P99)} ms, max {N(LatencyMs.Max)} ms");
        table.AddRow("outcomes", Markup.Escape(string.Join(", ", Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {N(o.Value)}"))
            + (Errors > 0 ? $", errors {N(Errors)}" : "")));
        table.AddRow("first pass", Markup.Escape(string.Join(", ", FirstPass.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {N(o.Value)}"))));
        table.AddRow("generator CPU", $"{N(GeneratorCpuSeconds)} s of {N(Seconds)} s");
        if (LoadAverage is { } load)
        {
            table.AddRow("load average", string.Join(" ", load.Select(l => l.ToString("0.00", CultureInfo.InvariantCulture))));
        }

        if (LastError is { } last)
        {
            table.AddRow("last error", Markup.Escape(last));
        }

        return table;
    }
}
