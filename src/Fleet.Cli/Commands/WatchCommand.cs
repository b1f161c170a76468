using System.CommandLine;
using Fleet.Cli.Output;
using Spectre.Console;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet watch</c>: a live view of the nodes and the throttle's buckets, refreshed until Ctrl-C.</summary>
internal static class WatchCommand
{
    public static Command Create(TextWriter output)
    {
        var interval = DurationOption.Create("--interval", "Refresh period", TimeSpan.FromSeconds(1));
        var frames = new Option<int>("--frames") { Description = "Stop after this many refreshes (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var connection = new ConnectionOptions();
        var command = new Command("watch", "Watch nodes and throttle buckets live") { interval, frames };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var period = parse.GetValue(interval);
            if (period < TimeSpan.FromMilliseconds(100))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: --interval must be at least 100 ms");
                return ExitCodes.Error;
            }

            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var console = CliConsole.Create(output);
            var limit = parse.GetValue(frames);
            await console.Live(new Text("connecting…")).StartAsync(async live =>
            {
                using var timer = new PeriodicTimer(period);
                for (var frame = 1; limit == 0 || frame <= limit; frame++)
                {
                    var nodes = await client.ListNodesAsync();
                    var throttle = await client.GetThrottleAsync();
                    live.UpdateTarget(NodeRendering.Shares(throttle) is { } shares
                        ? new Rows(NodeRendering.Nodes(nodes), NodeRendering.Throttle(throttle), shares)
                        : new Rows(NodeRendering.Nodes(nodes), NodeRendering.Throttle(throttle)));
                    live.Refresh();
                    if ((limit != 0 && frame == limit) || !await Tick(timer, cancellationToken))
                    {
                        break;
                    }
                }
            });
            return ExitCodes.Ok;
        });
        return command;
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
