using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fleet.Ec2.EmulatorTests.Tools;

/// <summary>A <c>moto_server</c> process on a free loopback port, started for one test and killed (by its PID) after.</summary>
internal sealed class MotoServer : IAsyncDisposable
{
    private readonly Process _process;

    private MotoServer(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<MotoServer> StartAsync(TimeSpan timeout)
    {
        var port = FreePort();
        var process = Process.Start(ProcessRunner.StartInfo(ProcessRunner.Require("moto_server"), ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            ?? throw new InvalidOperationException("moto_server did not start.");
        var server = new MotoServer(process, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = new CancellationTokenSource(timeout);
        using var retry = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(server.BaseAddress, "moto-api/"), deadline.Token);
                return server;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested && !process.HasExited)
            {
                await retry.WaitForNextTickAsync(deadline.Token); // moto_server is still starting: ask again on the next tick
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync() : "(still running)";
                await server.DisposeAsync();
                throw new TimeoutException($"moto_server on port {port} did not answer within {timeout} (exited: {process.HasExited}; stderr: {stderr}).", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
