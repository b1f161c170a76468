using System.Diagnostics;

namespace Fleet.Testing;

/// <summary>
/// A program the test runs as a separate process, its output kept in a log file. Stopped by its process id only —
/// <see cref="KillAsync"/> is <c>kill -9</c>, <see cref="TerminateAsync"/> is <c>kill -TERM</c> (a graceful stop).
/// Every child is killed when the test process exits, whatever happened.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly List<ChildProcess> s_all = [];
    private readonly Process _process;
    private readonly StreamWriter _log;
    private volatile bool _disposed;

    static ChildProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        lock (s_all)
        {
            foreach (var child in s_all.Where(c => !c.HasExited))
            {
                child._process.Kill();
            }
        }
    };

    private ChildProcess(Process process, string name, string logPath, StreamWriter log)
    {
        _process = process;
        Name = name;
        LogPath = logPath;
        _log = log;
        Pid = process.Id;
    }

    /// <summary>A short name for messages.</summary>
    public string Name { get; }

    /// <summary>The file holding the process's standard output and error.</summary>
    public string LogPath { get; }

    /// <summary>The process id.</summary>
    public int Pid { get; }

    /// <summary>Whether the process has ended (true once disposed: a restart may dispose it while others still look).</summary>
    public bool HasExited => _disposed || _process.HasExited;

    /// <summary>The exit code, once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until the process ends and its output is all in the log; false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with arguments and extra environment variables.</summary>
    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(Path.GetTempPath(), $"fleet-test-{name}-{Guid.NewGuid():N}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var child = new ChildProcess(process, name, logPath, log);
        process.OutputDataReceived += (_, e) => child.Write(e.Data);
        process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (s_all)
        {
            s_all.Add(child);
        }

        return child;
    }

    /// <summary>Starts a .NET program (<c>dotnet app.dll args</c>).</summary>
    public static ChildProcess StartDotnet(string name, string assemblyPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(name, "dotnet", [assemblyPath, .. arguments], environment);

    /// <summary>SIGKILL: the process dies at once, without cleanup (as with <c>kill -9</c>).</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM: the process is asked to stop and given time to shut down; killed if it does not.</summary>
    public async Task TerminateAsync(TimeSpan? grace = null)
    {
        if (HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(grace ?? TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    public string Tail(int lines = 30)
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return $"--- {Name} (pid {Pid}, log {LogPath}) ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await KillAsync();
        _disposed = true;
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        lock (s_all)
        {
            s_all.Remove(this);
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }
    }
}
