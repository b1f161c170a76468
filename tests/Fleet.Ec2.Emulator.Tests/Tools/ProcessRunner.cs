using System.Diagnostics;

namespace Fleet.Ec2.EmulatorTests.Tools;

/// <summary>Runs an external tool (aws, python3, moto_server) with fake AWS credentials, bounded in time.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = "x";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "y";
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        info.Environment["AWS_MAX_ATTEMPTS"] = "1";
        return info;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(file, args))
            ?? throw new InvalidOperationException($"Could not start '{file}'.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{file} {string.Join(' ', args)}' did not finish within {timeout ?? TimeSpan.FromSeconds(60)}.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Whether a command is on PATH (the machine image has aws, python3 with boto3, and moto_server).</summary>
    public static string Require(string command)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(dir, command);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"'{command}' is not on PATH; the CLI/boto3/moto tests need it (pip: awscli, boto3, moto[server]).");
    }
}
