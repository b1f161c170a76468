using System.Globalization;

namespace Fleet.Testing;

/// <summary>
/// One Fleet silo (<c>fleet-silo</c>) as a separate process with Redis clustering, its ports fixed for its life so a
/// restart comes back with the same endpoint.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private ChildProcess? _process;

    internal SiloProcess(int index, IReadOnlyList<string> sharedSettings, string? program = null)
    {
        Index = index;
        Program = program ?? RepoPaths.Program("Fleet.Silo", "fleet-silo");
        SiloPort = FreePorts.Next();
        GatewayPort = FreePorts.Next();
        HttpPort = FreePorts.Next();
        _arguments =
        [
            .. sharedSettings,
            $"--Fleet:Clustering:SiloPort={SiloPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Fleet:Clustering:GatewayPort={GatewayPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Fleet:Http:Urls=http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}",
        ];
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>The <c>fleet-silo.dll</c> it runs (this build's, or another version's in upgrade tests).</summary>
    public string Program { get; }

    /// <summary>The silo's position in the cluster (0-based).</summary>
    public int Index { get; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; }

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>HTTP port (API, fleet page, probes).</summary>
    public int HttpPort { get; }

    /// <summary>A client for the silo's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>Whether the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process (for failure messages), if started.</summary>
    public ChildProcess? Process => _process;

    /// <summary>Starts the process and waits until <c>/readyz</c> answers 200.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: true } previous)
        {
            await previous.DisposeAsync();
        }

        _process = ChildProcess.StartDotnet($"silo{Index}", Program, _arguments);
        var process = _process;
        await Eventually.Until(async () => process.HasExited || await ReadyAsync(), done => done, $"silo {Index} ready", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(100));
        Assert.False(process.HasExited, process.Tail(60));
    }

    /// <summary><c>kill -9</c>.</summary>
    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    /// <summary>A graceful stop (SIGTERM).</summary>
    public Task StopAsync() => _process?.TerminateAsync() ?? Task.CompletedTask;

    /// <summary>Stops the process (<c>kill -9</c> when <paramref name="kill"/>, else SIGTERM) and starts it again on the same ports.</summary>
    public async Task RestartAsync(bool kill)
    {
        await (kill ? KillAsync() : StopAsync());
        await StartAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("readyz");
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
