using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>A silo process asked to stop (SIGTERM) shuts down cleanly: issue 15 item 9's fleet index error is gone.</summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task A_silo_stopped_gracefully_with_unflushed_index_lines_logs_no_deactivation_error()
    {
        var http = FreePorts.Next();
        await using var silo = ChildProcess.StartDotnet("graceful-stop", RepoPaths.Program("Fleet.Silo", "fleet-silo"),
        [
            $"--Fleet:Http:Urls=http://127.0.0.1:{http}", $"--Fleet:Clustering:SiloPort={FreePorts.Next()}",
            $"--Fleet:Clustering:GatewayPort={FreePorts.Next()}", "--Fleet:Emulator:Port=0",
            // Agents report every 100 ms, so the index holds lines not yet written when the stop comes.
            "--Fleet:Demo:Nodes=4", "--Fleet:Demo:ReportInterval=00:00:00.100",
        ]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/") };
        await Eventually.Until(async () => silo.HasExited ? -1 : await CountAsync(client), n => n is 4 or -1, "the silo lists the 4 demo nodes",
            TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200));
        Assert.False(silo.HasExited, silo.Tail());

        await silo.TerminateAsync(TimeSpan.FromSeconds(30));

        var log = await File.ReadAllLinesAsync(silo.LogPath);
        Assert.True(silo.HasExited);
        Assert.DoesNotContain(log, line => line.Contains("OnDeactivateAsync", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains("fleetindex", StringComparison.Ordinal) && line.Contains("fail", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
    }

    private static async Task<int> CountAsync(HttpClient client)
    {
        try
        {
            return (await client.GetFromJsonAsync<NodeSummary[]>("api/v1/nodes", ApiJson.Options))!.Length;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
