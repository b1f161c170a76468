using System.Diagnostics;
using System.Net;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Security;

/// <summary>
/// What a silo exposes: with the default configuration every socket it listens on (HTTP API and dashboard, silo,
/// gateway, embedded emulator) is bound to loopback; the Orleans Dashboard is read-only.
/// </summary>
public sealed class ExposureTests(ITestOutputHelper output)
{
    private const string Token = "exposure-token-0123456789";

    [Fact]
    public async Task A_silo_started_with_the_defaults_listens_on_loopback_only()
    {
        // The defaults, except ports when a developer's Fleet holds them (the host part is never overridden).
        string[] args = await FreePorts.AcceptsAsync(8080) ? ["--urls=http://localhost:" + FreePorts.Next()] : [];
        string[] ports = await FreePorts.AcceptsAsync(4566) || await FreePorts.AcceptsAsync(11111) || await FreePorts.AcceptsAsync(30000)
            ? [$"--Fleet:Emulator:Port={FreePorts.Next()}", $"--Fleet:Clustering:SiloPort={FreePorts.Next()}", $"--Fleet:Clustering:GatewayPort={FreePorts.Next()}"]
            : [];
        await using var silo = ChildProcess.StartDotnet("defaults", RepoPaths.Program("Fleet.Silo", "fleet-silo"), [.. args, .. ports]);
        var sockets = await Eventually.Until(() => Task.FromResult(Listening(silo.Pid)), s => s.Count >= 4 || silo.HasExited,
            "the silo listens on HTTP, silo, gateway and emulator ports", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(250));
        Assert.False(silo.HasExited, silo.Tail());
        output.WriteLine("listening: " + string.Join(", ", sockets));
        Assert.All(sockets, s => Assert.True(IsLoopback(s), $"{s} is not loopback"));
    }

    [Fact]
    public async Task The_orleans_dashboard_serves_reads_only_and_reading_a_grain_changes_nothing()
    {
        await using var silo = await TestSilo.StartAsync($"Fleet:Http:BearerToken={Token}");
        var id = silo.Launch(1)[0];
        var version = (await silo.ReportAndWaitReadyAsync(id, 10)).Version;
        string[] paths =
        [
            "/dashboard/", "/dashboard/version", "/dashboard/DashboardCounters", "/dashboard/ClusterStats", "/dashboard/Reminders",
            "/dashboard/TopGrainMethods", "/dashboard/GrainTypes", "/dashboard/Trace", "/dashboard/HistoricalStats/x",
            "/dashboard/SiloProperties/x", "/dashboard/SiloStats/x", "/dashboard/SiloCounters/x", "/dashboard/GrainStats/x",
            $"/dashboard/GrainState?grainId={id}&grainType=Fleet.Grains.Node.NodeGrain",
        ];
        var writes = new List<string>();
        foreach (var path in paths)
        {
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
                using var response = await silo.Http.SendAsync(request);
                if (response.IsSuccessStatusCode)
                {
                    writes.Add($"{method} {path}: {(int)response.StatusCode}");
                }
            }
        }

        using var read = await silo.Http.GetAsync(paths[^1]);
        output.WriteLine($"GET grain state: {(int)read.StatusCode}; write methods accepted: {writes.Count} of {paths.Length * 4}");
        Assert.Empty(writes);
        var view = await silo.Http.GetFromJsonAsync<Fleet.Abstractions.Messages.NodeView>($"/api/v1/nodes/{id}", Fleet.Silo.Api.ApiJson.Options);
        Assert.Equal(version, view!.Allocation.Version);
    }

    /// <summary>Every TCP socket the process listens on (<c>ss -ltnp</c>), as address:port.</summary>
    private static List<string> Listening(int pid)
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", "-ltnpH") { RedirectStandardOutput = true })!;
        var text = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return [.. text.Split('\n').Where(l => l.Contains($"pid={pid},", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3])];
    }

    private static bool IsLoopback(string socket)
    {
        var address = IPEndPoint.Parse(socket).Address;
        return IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}
