using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// A silo process asked to stop (SIGTERM) shuts down cleanly: issue 15 item 9's fleet index error is gone, and nodes
/// still waiting on EC2 when the stop comes stop there, logging no error.
/// </summary>
public sealed class GracefulStopTests
{
    [Fact]
    public async Task A_silo_stopped_gracefully_while_calls_are_in_flight_and_index_lines_unflushed_logs_no_error()
    {
        // Capacity calls take 6 s, so the stop comes while nodes wait on EC2. A node waiting on a call used to hold its
        // deactivation past the moment this silo left the cluster, when no grain (throttle, index, storage) could be
        // placed: its next messages failed, and Orleans, trying to move it, found no silo; both were logged as errors.
        // A node on a stopping silo now stops where it is (NodeGrain.LeaveAsync).
        var config = Path.Combine(Directory.CreateTempSubdirectory("fleet-graceful-stop").FullName, "emulator.json");
        await File.WriteAllTextAsync(config, """
            { "Latency": { "Actions": {
                "CreateNetworkInterface": { "Median": "6s", "P99": "6s" },
                "AssignPrivateIpAddresses": { "Median": "6s", "P99": "6s" } } } }
            """);
        var http = FreePorts.Next();
        await using var silo = ChildProcess.StartDotnet("graceful-stop", RepoPaths.Program("Fleet.Silo", "fleet-silo"),
        [
            $"--Fleet:Http:Urls=http://127.0.0.1:{http}", $"--Fleet:Clustering:SiloPort={FreePorts.Next()}",
            $"--Fleet:Clustering:GatewayPort={FreePorts.Next()}", "--Fleet:Emulator:Port=0", $"--Fleet:Emulator:ConfigFile={config}",
            // Agents report every 100 ms, so the index holds lines not yet written when the stop comes.
            "--Fleet:Demo:Nodes=4", "--Fleet:Demo:ReportInterval=00:00:00.100",
        ]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/") };
        await Eventually.Until(async () => silo.HasExited ? "exited" : await CallingAsync(client), n => n is not null,
            "a demo node waits on a capacity call", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(100));
        Assert.False(silo.HasExited, silo.Tail());

        await silo.TerminateAsync(TimeSpan.FromSeconds(30));

        var log = await File.ReadAllLinesAsync(silo.LogPath);
        Assert.True(silo.HasExited);
        Assert.DoesNotContain(log, line => line.Contains("OnDeactivateAsync", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains(" fail: ", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("Application is shutting down", StringComparison.Ordinal));
    }

    /// <summary>A node with a call in flight (its intent is written before EC2 sees the call), or null.</summary>
    private static async Task<string?> CallingAsync(HttpClient client)
    {
        try
        {
            foreach (var line in (await client.GetFromJsonAsync<NodeSummary[]>("api/v1/nodes", ApiJson.Options))!)
            {
                var view = await client.GetFromJsonAsync<NodeView>($"api/v1/nodes/{line.InstanceId}", ApiJson.Options);
                if (view!.PendingIntent is not null)
                {
                    return line.InstanceId;
                }
            }
        }
        catch (HttpRequestException)
        {
        }

        return null;
    }
}
