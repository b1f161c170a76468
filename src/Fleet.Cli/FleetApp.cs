using System.CommandLine;
using Fleet.Cli.Commands;

namespace Fleet.Cli;

/// <summary>The <c>fleet</c> command line: one root with a subcommand per task.</summary>
public static class FleetApp
{
    /// <summary>Parses and runs a command line, writing to the given streams; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("fleet: plan, inspect and drive Fleet, the fleet-wide EC2 address allocator.")
        {
            PlanCommand.Create(output),
            BenchCommand.Create(output),
            DemandCommand.Create(output),
            NodesCommand.List(output),
            NodesCommand.Show(output),
            WatchCommand.Create(output),
            LoadCommand.Create(output),
            SoakCommand.Create(output),
        };

        var parsed = root.Parse(args);
        // After Ctrl-C a command gets time to clean up (fleet load terminates the instances it launched).
        return parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, cancellationToken);
    }
}
