using System.Diagnostics;

namespace Fleet.Testing;

/// <summary>
/// A Fleet version from the repository's history, built from source for upgrade tests: the tree of a commit is
/// exported with <c>git archive</c> and its silo built in Release, once per machine (kept under the temp directory;
/// test runs side by side each build apart and keep the first to finish).
/// Needs the repository's git history (a clone, not an exported tree) and the commit's NuGet packages.
/// </summary>
public static class PreviousRelease
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Fleet 0.1: the last main before the node loop moved into Fleet.Core.</summary>
    public const string Fleet01 = "c6d1192";

    /// <summary>
    /// The built <c>fleet-silo.dll</c> of <paramref name="commit"/>. Built in a directory of this process's own and moved
    /// into place whole, so test runs side by side on one machine never build into the same directory (the first to
    /// finish is kept, the others use it) and a build that did not finish is never taken for one that did.
    /// </summary>
    public static async Task<string> SiloAsync(string commit)
    {
        var root = Path.Combine(Path.GetTempPath(), $"fleet-release-{commit}");
        var silo = SiloIn(root);
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(silo))
            {
                return silo;
            }

            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true); // left by a build of an earlier version of this helper that did not finish
            }

            var staging = $"{root}.building-{Environment.ProcessId}-{Guid.NewGuid():N}";
            try
            {
                Directory.CreateDirectory(staging);
                var archive = staging + ".tar";
                await RunAsync("git", ["-C", RepoPaths.Root, "archive", "--format=tar", "-o", archive, commit], "export the tree (needs the repository's git history)");
                await RunAsync("tar", ["-xf", archive, "-C", staging], "unpack the tree");
                File.Delete(archive);
                await RunAsync("dotnet", ["build", Path.Combine(staging, "src", "Fleet.Silo"), "-c", "Release", "-nologo", "-v", "quiet"], $"build Fleet {commit}'s silo");
                if (!File.Exists(SiloIn(staging)))
                {
                    throw new FileNotFoundException($"Building {commit} left no silo at {SiloIn(staging)}.");
                }

                try
                {
                    Directory.Move(staging, root);
                }
                catch (IOException) when (File.Exists(silo))
                {
                    // another run on this machine finished first: its build is the same tree's
                }
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }

            return File.Exists(silo) ? silo : throw new FileNotFoundException($"Building {commit} left no silo at {silo}.");
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string SiloIn(string root) => Path.Combine(root, "src", "Fleet.Silo", "bin", "Release", "net10.0", "fleet-silo.dll");

    private static async Task RunAsync(string program, string[] arguments, string what)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program} to {what}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not {what}: {program} exited with {process.ExitCode}.\n{await output}\n{await errors}");
        }
    }
}
