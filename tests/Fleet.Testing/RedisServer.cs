namespace Fleet.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian's package; .ci/run installs it) on a free loopback port, its data in its own
/// directory with an append-only file, so it can be stopped and started again on the same port and keep its data.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private readonly DirectoryInfo _directory;
    private ChildProcess _process;

    private RedisServer(ChildProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server process (for failure messages).</summary>
    public ChildProcess Process => _process;

    /// <summary>Starts a server on a free port.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        Assert.True(File.Exists(Binary), "redis-server is needed (apt-get install redis-server; .ci/run installs it)");
        var port = FreePorts.Next();
        var directory = Directory.CreateTempSubdirectory("fleet-redis");
        var server = new RedisServer(await LaunchAsync(port, directory), directory, port);
        return server;
    }

    /// <summary>
    /// Kills the server (SIGKILL), keeps it down until <paramref name="whileDown"/> completes (the test says what must
    /// happen without Redis), and starts it again on the same port with the same data directory.
    /// </summary>
    public async Task RestartAsync(Func<Task> whileDown)
    {
        await _process.DisposeAsync();
        await whileDown();
        _process = await LaunchAsync(Port, _directory);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private static async Task<ChildProcess> LaunchAsync(int port, DirectoryInfo directory)
    {
        var process = ChildProcess.Start($"redis-{port}", Binary,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes", "--appendfsync", "always", "--dir", directory.FullName]);
        await Eventually.Until(async () => await FreePorts.AcceptsAsync(port) || process.HasExited, ok => ok, $"redis-server accepting on {port}",
            TimeSpan.FromSeconds(20));
        Assert.False(process.HasExited, process.Tail());
        return process;
    }
}
