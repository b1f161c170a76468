using System.Diagnostics;
using System.Net.Sockets;

namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> (Debian's package; .ci/run installs it) on a free loopback port, with persistence
/// off and its own directory; killed by its process id on dispose.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";
    private readonly Process _process;
    private readonly DirectoryInfo _directory;

    private RedisServer(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        Assert.True(File.Exists(Binary), "redis-server is needed (apt-get install redis-server; .ci/run installs it)");
        var port = FreePorts.Next();
        var directory = Directory.CreateTempSubdirectory("fleet-redis");
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.FullName })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, directory, port);
        await Eventually.Until(async () => await Accepts(port) || process.HasExited, ok => ok, $"redis-server accepting on {port}", TimeSpan.FromSeconds(20));
        Assert.False(process.HasExited, $"redis-server exited with {(process.HasExited ? process.ExitCode : 0)}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private static async Task<bool> Accepts(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
