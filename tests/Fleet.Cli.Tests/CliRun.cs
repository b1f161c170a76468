using Fleet.Cli;

namespace Fleet.Cli.Tests;

/// <summary>Runs a <c>fleet</c> command line in-process exactly as Program.cs does, capturing its output.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await FleetApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs until done or <paramref name="interrupt"/> fires (as Ctrl-C does); <paramref name="error"/> can be read while it runs.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string[] args, StringWriter error, CancellationToken interrupt)
    {
        var output = new StringWriter();
        var exit = await FleetApp.RunAsync(args, output, TextWriter.Synchronized(error), interrupt);
        return (exit, output.ToString());
    }
}
