using System.CommandLine;
using System.Globalization;
using Fleet.Cli.Load;
using Fleet.Cli.Output;
using Fleet.Client;
using Spectre.Console;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet load</c>: N simulated node agents report changing demand to the cluster, with a live progress display.
/// Against a default silo: <c>fleet load --nodes 50 --launch</c> launches 50 instances in its embedded emulator first.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(TextWriter output)
    {
        var nodes = new Option<int>("--nodes") { Description = "Agents to run", DefaultValueFactory = _ => 20 };
        var launch = new Option<bool>("--launch") { Description = "Launch the instances first (RunInstances); otherwise use running ones" };
        var type = new Option<string>("--instance-type") { Description = "Instance type to launch", DefaultValueFactory = _ => "m5.large" };
        var endpoint = new Option<string>("--ec2-endpoint") { Description = "EC2 endpoint to find or launch instances", DefaultValueFactory = _ => "http://127.0.0.1:4566/" };
        var region = new Option<string>("--region") { Description = "AWS region", DefaultValueFactory = _ => "us-east-1" };
        var duration = DurationOption.Create("--duration", "How long to run (0: until Ctrl-C)", TimeSpan.FromMinutes(1));
        var interval = DurationOption.Create("--interval", "Time between an agent's reports", TimeSpan.FromSeconds(2));
        var maxPods = new Option<int>("--max-pods") { Description = "Most pods an agent runs", DefaultValueFactory = _ => 80 };
        var seed = new Option<int>("--seed") { Description = "Seed of the agents' random walks", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print only a JSON summary at the end" };
        var connection = new ConnectionOptions();
        var command = new Command("load", "Drive simulated node agents against the cluster")
        {
            nodes, launch, type, endpoint, region, duration, interval, maxPods, seed, json,
        };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var (count, every, limit) = (parse.GetValue(nodes), parse.GetValue(interval), parse.GetValue(duration));
            if (count is < 1 or > 100_000 || every < TimeSpan.FromMilliseconds(100) || limit < TimeSpan.Zero || parse.GetValue(maxPods) < 1)
            {
                await error.WriteLineAsync("error: --nodes must be 1–100000, --interval at least 100 ms, --duration 0 or more, --max-pods at least 1");
                return ExitCodes.Error;
            }

            IReadOnlyList<string> instances;
            try
            {
                using var ec2 = LoadInstances.Client(parse.GetValue(endpoint)!, parse.GetValue(region)!);
                instances = parse.GetValue(launch)
                    ? await LoadInstances.LaunchAsync(ec2, count, parse.GetValue(type)!, cancellationToken)
                    : await LoadInstances.RunningAsync(ec2, count, cancellationToken);
            }
            catch (Exception e) when (e is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or InvalidOperationException)
            {
                await error.WriteLineAsync($"error: cannot get instances from EC2 at {parse.GetValue(endpoint)}: {e.Message}");
                return ExitCodes.Error;
            }

            if (instances.Count == 0)
            {
                await error.WriteLineAsync("error: no running instances found; pass --launch to launch some");
                return ExitCodes.Error;
            }

            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var agents = instances.Select((id, i) => new SimulatedAgent(id, parse.GetValue(maxPods), HashCode.Combine(parse.GetValue(seed), i))).ToList();
            var driver = new LoadDriver(client, agents);
            await RunAsync(driver, every, limit, parse.GetValue(json) ? null : CliConsole.Create(output), cancellationToken);
            if (parse.GetValue(json))
            {
                var (p50, p99) = driver.Stats.LatencyMs();
                CliConsole.WriteJson(output, new
                {
                    agents = driver.Agents,
                    reports = driver.Stats.Reports,
                    accepted = driver.Stats.Accepted,
                    refused = driver.Stats.Refused,
                    errors = driver.Stats.Errors,
                    nodes = driver.Stats.Nodes,
                    reportLatencyMs = new { p50, p99 },
                });
            }

            return driver.Stats.Errors == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }

    private static async Task RunAsync(LoadDriver driver, TimeSpan every, TimeSpan limit, IAnsiConsole? console, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var timer = new PeriodicTimer(every);
        async Task Loop(Action refresh)
        {
            do
            {
                await driver.TickAsync();
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
