using System.Net;
using System.Net.Sockets;
using Fleet.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Fleet.Simulation.Live;

/// <summary>
/// One Orleans silo of a live run: a generic host with <c>UseOrleans</c>, development (localhost) clustering on free
/// loopback ports with silo 0 as the primary, made a Fleet silo as the silo host does it
/// (<see cref="FleetSiloBuilder.AddFleet"/>: fast-failover membership, the allocator) with the shared grain store.
/// </summary>
internal sealed class LiveSilo
{
    private readonly IHost _host;

    private LiveSilo(int index, IHost host, IPEndPoint siloEndpoint, int gatewayPort)
    {
        Index = index;
        _host = host;
        SiloEndpoint = siloEndpoint;
        GatewayPort = gatewayPort;
    }

    /// <summary>0-based index; 0 is the primary (it holds the development membership table).</summary>
    public int Index { get; }

    /// <summary>The silo-to-silo endpoint.</summary>
    public IPEndPoint SiloEndpoint { get; }

    /// <summary>The client gateway port.</summary>
    public int GatewayPort { get; }

    /// <summary>The silo's address in the cluster.</summary>
    public SiloAddress Address => _host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>Whether the silo was killed.</summary>
    public bool Killed { get; private set; }

    /// <summary>Starts a silo; <paramref name="primary"/> is silo 0's endpoint (null for silo 0 itself).</summary>
    public static async Task<LiveSilo> StartAsync(
        int index, IPEndPoint? primary, string clusterId, IReadOnlyDictionary<string, string?> config, SharedGrainStore store,
        ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var siloPort = FreePort();
        var gatewayPort = FreePort();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = $"fleet-bench-silo-{index}" });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();
        if (loggers is not null)
        {
            builder.Services.AddSingleton(loggers);
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, primary, serviceId: "fleet-bench", clusterId: clusterId);
            silo.AddFleet(builder.Configuration, FleetStorage.Shared(store));
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new LiveSilo(index, host, new IPEndPoint(IPAddress.Loopback, siloPort), gatewayPort);
    }

    /// <summary>
    /// Kills the silo in-process: the host is stopped with an already-cancelled token (Orleans' ungraceful stop, as
    /// the Orleans test host's <c>KillSiloAsync</c>: no graceful deactivation, no state handed over, in-flight calls
    /// lost) and disposed. The process and the other silos live on; the other silos find out through membership
    /// probes. The separate-process <c>kill -9</c> variant is tests/Fleet.EndToEnd.Tests' KillSiloTests.
    /// </summary>
    public async Task KillAsync()
    {
        Killed = true;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        try
        {
            await _host.StopAsync(cancelled.Token);
        }
        catch (OperationCanceledException)
        {
            // An ungraceful stop may end in cancellation: that is the point.
        }

        _host.Dispose();
    }

    /// <summary>Stops the silo gracefully (end of run).</summary>
    public async Task StopAsync()
    {
        if (Killed)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Took too long: the run is over anyway.
        }

        _host.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
