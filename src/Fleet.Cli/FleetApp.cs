using System.CommandLine;
using Fleet.Cli.Commands;

namespace Fleet.Cli;

/// <summary>The <c>fleet</c> command line: one root with a subcommand per task.</summary>
public static class FleetApp
{
    /// <summary>
    /// Parses and runs a command line, writing to the given streams; returns the exit code. <paramref name="cancellation"/>
    /// (Ctrl-C or SIGTERM in the executable) reaches the running command.
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        var parsed = CreateRoot(output).Parse(args);
        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellation);
    }

    /// <summary>The root command with every subcommand (README's CLI table lists them; a test keeps it so).</summary>
    internal static RootCommand CreateRoot(TextWriter output) =>
        new("fleet: plan, inspect and drive Fleet, the fleet-wide EC2 address allocator.")
        {
            PlanCommand.Create(output),
            BenchCommand.Create(output),
            DemandCommand.Create(output),
            IntentCommand.Create(output),
            SpecCommand.Create(output),
            NodesCommand.List(output),
            NodesCommand.Show(output),
            WatchCommand.Create(output),
            LoadCommand.Create(output),
            SoakCommand.Create(output),
        };
}
