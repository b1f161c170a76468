using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Once the silo runs, logs where to look: the fleet page, the dashboard, the API, metrics, the gateway and the
/// embedded emulator; and warns when the gateway was explicitly left without TLS although it listens beyond loopback.
/// </summary>
internal sealed partial class SiloBanner(IServer server, SiloSettings settings, IHostApplicationLifetime lifetime, ILogger<SiloBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            var http = addresses.FirstOrDefault()?.TrimEnd('/') ?? settings.Http.Urls;
            var metrics = settings.Metrics.Urls is null ? $"{http}/metrics" : string.Join(", ", SiloOptionsValidation.SplitUrls(settings.Metrics.Urls).Select(u => u.TrimEnd('/') + "/metrics"));
            var c = settings.Clustering;
            var gateway = c.GatewayPort == 0 ? "no gateway" : $"gateway port {c.GatewayPort} ({(GatewayTls.IsOn(c) ? "TLS, client certificates required" : "plain TCP")})";
            Log.Serving(logger, http, metrics, gateway, settings.Ec2.Mode.ToString(), settings.EmulatorAddress?.ToString() ?? settings.Ec2.ServiceUrl ?? "the regional endpoint",
                c.Provider.ToString());
            if (!GatewayTls.IsOn(c) && GatewayTls.ListensBeyondLoopback(c))
            {
                Log.GatewayWithoutTls(logger, c.GatewayPort);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
            Message = "Fleet silo up: fleet page {Http}/, Orleans Dashboard {Http}/dashboard/, API {Http}/api/v1/nodes, metrics {Metrics}; {Gateway}; EC2 {Mode} at {Ec2}; {Clustering} clustering")]
        public static partial void Serving(ILogger logger, string http, string metrics, string gateway, string mode, string ec2, string clustering);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
            Message = "The Orleans gateway on port {Port} listens beyond loopback without TLS (Fleet:Clustering:GatewayTls:Enabled=false): anything that reaches it can report demand for any node")]
        public static partial void GatewayWithoutTls(ILogger logger, int port);
    }
}
