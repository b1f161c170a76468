using System.Globalization;
using Spectre.Console;

namespace Fleet.Cli.Load;

/// <summary>
/// <c>fleet load</c>'s agents mode: every <c>--interval</c> each simulated agent reports, with a live progress display
/// (or nothing until the end with <c>--json</c>).
/// </summary>
internal static class AgentLoad
{
    public static async Task RunAsync(LoadDriver driver, TimeSpan every, TimeSpan limit, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(every);
        async Task Loop(Action refresh)
        {
            do
            {
                // Spread over most of the interval, so a tick's last reports are answered before the next tick starts.
                await driver.TickAsync(every * 0.75, cancellationToken);
                refresh();
            }
            while ((limit == TimeSpan.Zero || TimeProvider.System.GetElapsedTime(started) + every <= limit) && await Tick(timer, cancellationToken));
        }

        if (console is null)
        {
            await Loop(() => { });
            return;
        }

        await console.Live(Render(driver, TimeSpan.Zero, limit)).StartAsync(live => Loop(() =>
        {
            live.UpdateTarget(Render(driver, TimeProvider.System.GetElapsedTime(started), limit));
            live.Refresh();
        }));
    }

    private static Table Render(LoadDriver driver, TimeSpan elapsed, TimeSpan limit)
    {
        var s = driver.Stats;
        var (p50, p99) = s.LatencyMs();
        var table = new Table().RoundedBorder().Title($"fleet load: {driver.Agents} agents").AddColumns("", "");
        table.AddRow("elapsed", limit == TimeSpan.Zero ? $"{elapsed:hh\\:mm\\:ss}" : $"{elapsed:hh\\:mm\\:ss} / {limit:hh\\:mm\\:ss}");
        table.AddRow("reports", $"{s.Reports} ({s.Accepted} accepted, {s.Refused.Values.Sum()} refused, {s.Errors} errors)");
        table.AddRow("nodes", string.Join(", ", s.Nodes.OrderBy(n => n.Key).Select(n => $"{n.Value} {n.Key.ToString().ToLowerInvariant()}")));
        table.AddRow("report latency", string.Create(CultureInfo.InvariantCulture, $"p50 {p50:0.0} ms, p99 {p99:0.0} ms"));
        if (s.LastError is { } last)
        {
            table.AddRow("last error", Markup.Escape(last));
        }

        return table;
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
