using Fleet.Core.Node;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Soak;

/// <summary>
/// The silo under soak: Fleet's allocator in one Orleans silo (localhost clustering on free loopback ports, in-memory
/// grain state with Orleans' serializer, as the default silo), talking to the emulator through AWSSDK.EC2. Every
/// <see cref="TimeSpan"/> knob of <see cref="AllocatorOptions"/> is its default divided by the compression, so EC2
/// time and Fleet's pacing stay in step.
/// </summary>
internal sealed class SoakSilo : IAsyncDisposable
{
    public const string ClusterName = "soak";

    private readonly IHost _host;

    private SoakSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<SoakSilo> StartAsync(Uri emulator, double compression, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "fleet-soak" });
        builder.Configuration.AddInMemoryCollection(Configuration(emulator, compression));
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "fleet-soak", clusterId: "fleet-soak");
            silo.AddFleet(builder.Configuration, FleetStorage.Memory);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SoakSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            // The run is over either way.
        }

        _host.Dispose();
    }

    private static Dictionary<string, string?> Configuration(Uri emulator, double c)
    {
        var config = FleetSiloBuilder.Compressed(c);
        foreach (var (key, value) in new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Fleet:Ec2:Mode"] = "Emulator",
            ["Fleet:Ec2:ServiceUrl"] = emulator.ToString(),
            ["Fleet:Ec2:AccountId"] = "soak",
            ["Fleet:Allocator:ClusterName"] = ClusterName,
            // Half a second of wall-clock jitter on a loaded machine is c/2 seconds of EC2 time: keep that much in reserve.
            ["Fleet:Throttle:ArrivalJitter"] = TimeSpan.FromSeconds(Math.Max(1, c / 2)).ToString("c", CultureInfo.InvariantCulture),
        })
        {
            config[key] = value;
        }

        return config;
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
