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
}
