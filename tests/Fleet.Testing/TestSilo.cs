using System.Net.Http.Json;
using Fleet.Ec2.Emulator;
using Fleet.Silo.Api;
using Fleet.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Testing;

/// <summary>
/// A whole Fleet silo started in-process through <see cref="FleetSiloHost"/>, exactly as <c>Program.cs</c> does, on
/// free ports (HTTP, silo, gateway, emulator), with the embedded emulator's latency switched off so tests run fast.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private static readonly string s_fastEmulator = WriteEmulatorConfig();

    private TestSilo(WebApplication app, Uri baseAddress, string? token)
    {
        App = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The silo's settings as it started with them.</summary>
    public SiloSettings Settings => App.Services.GetRequiredService<SiloSettings>();

    /// <summary>The Orleans client gateway, as <c>host:port</c> for <c>fleet --gateway</c>.</summary>
    public string Gateway => $"127.0.0.1:{Settings.Clustering.GatewayPort}";

    /// <summary>The embedded emulator's EC2 endpoint (null when the silo uses an outside EC2).</summary>
    public Uri? Ec2Endpoint => Settings.EmulatorAddress;

    /// <summary>The embedded emulator's region (null when the silo uses an outside EC2).</summary>
    public Ec2Region? Region => App.Services.GetService<SiloSettings>()!.EmulatorEmbedded ? App.Services.GetRequiredService<Ec2Region>() : null;

    /// <summary>Starts a silo; <paramref name="settings"/> are extra <c>key=value</c> settings (they win over the test defaults).</summary>
    public static async Task<TestSilo> StartAsync(params string[] settings)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Fleet:Http:Urls"] = "http://127.0.0.1:0",
            ["Fleet:Clustering:SiloPort"] = FreePorts.Next().ToString(),
            ["Fleet:Clustering:GatewayPort"] = FreePorts.Next().ToString(),
            ["Fleet:Emulator:Port"] = "0",
            ["Fleet:Emulator:ConfigFile"] = s_fastEmulator,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        foreach (var setting in settings)
        {
            var split = setting.IndexOf('=', StringComparison.Ordinal);
            values[setting[..split]] = setting[(split + 1)..];
        }

        var builder = FleetSiloHost.CreateBuilder([.. values.Select(kv => $"--{kv.Key}={kv.Value}")]);
        var app = FleetSiloHost.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        values.TryGetValue("Fleet:Http:BearerToken", out var token);
        return new TestSilo(app, new Uri(address), token);
    }

    /// <summary>Launches instances in the embedded emulator, as any EC2 client would.</summary>
    public IReadOnlyList<string> Launch(int count, string instanceType = "m5.large")
    {
        var subnet = Region!.Snapshot().Subnets.First(s => s.DefaultForAz).SubnetId;
        var result = Region.RunInstances(new RunInstancesRequest { InstanceType = instanceType, SubnetId = subnet, MinCount = count, MaxCount = count });
        Assert.True(result.Result.IsSuccess, $"RunInstances failed: {result.Result.Error}");
        return [.. result.Result.Value.Reservation.Instances.Select(i => i.InstanceId)];
    }

    /// <summary>PUTs a JSON body.</summary>
    public Task<HttpResponseMessage> PutJsonAsync(string path, string json, string contentType = "application/json") =>
        Http.PutAsync(path, new StringContent(json, System.Text.Encoding.UTF8, contentType));

    /// <summary>Reports demand and waits until the node holds its target.</summary>
    public async Task<Fleet.Abstractions.Messages.NodeAllocation> ReportAndWaitReadyAsync(string instanceId, int used, int pending = 0)
    {
        var response = await PutJsonAsync($"/api/v1/nodes/{instanceId}/demand", $"{{\"used\":{used},\"pending\":{pending}}}");
        Assert.True(response.IsSuccessStatusCode, $"demand for {instanceId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await Eventually.Until(
            async () => (await Http.GetFromJsonAsync<Fleet.Abstractions.Messages.NodeView>($"/api/v1/nodes/{instanceId}", ApiJson.Options))!.Allocation,
            a => a.Status == Fleet.Abstractions.Messages.NodeStatus.Ready,
            $"{instanceId} ready with {used} used + {pending} pending");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static string WriteEmulatorConfig()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("fleet-silo-tests").FullName, "emulator.json");
        // No latency, and room for tests to launch instances as they go (EC2's RunInstances bucket is 5, refilling 2/s).
        File.WriteAllText(path, """
            { "Latency": { "Enabled": false }, "AddressSelection": "Lowest",
              "Throttling": { "Buckets": { "RunInstances": { "Capacity": 1000, "RefillPerSecond": 100 } } } }
            """);
        return path;
    }
}
