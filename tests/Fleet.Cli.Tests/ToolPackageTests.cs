using System.Diagnostics;
using System.Xml.Linq;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// <c>fleet</c> installs as a .NET tool the way README says: <c>dotnet pack</c>, then <c>dotnet tool install</c> from
/// the package directory (into a tool path of the test's own, not the machine's global tools), and the installed
/// command runs and reports Fleet's version.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fleet-tool").FullName;

    [Fact]
    public async Task The_packed_tool_installs_and_runs()
    {
        var packages = Path.Combine(_directory, "packages");
        var tools = Path.Combine(_directory, "tools");
        var version = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props")).Descendants("Version").Single().Value;

        await RunAsync("dotnet", "pack", Path.Combine(RepoPaths.Root, "src", "Fleet.Cli"), "-c", RepoPaths.Configuration, "-o", packages, "-nologo");
        Assert.True(File.Exists(Path.Combine(packages, $"Fleet.Cli.{version}.nupkg")), string.Join(", ", Directory.GetFiles(packages)));
        await RunAsync("dotnet", "tool", "install", "Fleet.Cli", "--tool-path", tools, "--add-source", packages, "--version", version);

        var printed = await RunAsync(Path.Combine(tools, "fleet"), "--version");
        var plan = await RunAsync(Path.Combine(tools, "fleet"), "plan", "--instance-type", "m5.large", "--min-allocate", "45", "--json");

        Assert.StartsWith(version, printed.Trim(), StringComparison.Ordinal);
        Assert.Contains("\"instanceType\": \"m5.large\"", plan, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{error}");
        return await output;
    }
}
