using System.Globalization;

namespace Fleet.Testing;

/// <summary>
/// A throwaway <c>moto_server</c> (moto 5.2.1, the EC2 engine under LocalStack; <c>.ci/run</c> installs it with pip) on
/// a free loopback port, its output in a log. Started like <see cref="RedisServer"/>: a test that needs it fails,
/// naming what to install, when it is not on PATH — never skips. Stopped by its process id.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private MotoServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary>Its EC2 endpoint, for <c>Fleet:Ec2:ServiceUrl</c> and AWSSDK's <c>ServiceURL</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>The server process (for failure messages).</summary>
    public ChildProcess Process => _process;

    /// <summary>Starts a server on a free port and waits until it accepts connections.</summary>
    public static async Task<MotoServer> StartAsync()
    {
        var binary = Find("moto_server");
        Assert.True(binary is not null,
            "moto_server is not on PATH: the moto tests need it (pip install 'moto[server]==5.2.1'; .ci/run installs it in a virtualenv)");
        var port = FreePorts.Next();
        var process = ChildProcess.Start($"moto-{port}", binary!, ["-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)]);
        await Eventually.Until(async () => await FreePorts.AcceptsAsync(port) || process.HasExited, ok => ok, $"moto_server accepting on {port}",
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        Assert.False(process.HasExited, process.Tail());
        return new MotoServer(process, port);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}
