using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Hosting;

/// <summary>Once the silo runs, logs where to look: the fleet page, the dashboard, the API and the embedded emulator.</summary>
internal sealed partial class SiloBanner(IServer server, SiloSettings settings, IHostApplicationLifetime lifetime, ILogger<SiloBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var http = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? settings.Http.Urls;
            Log.Serving(logger, http, settings.Ec2.Mode.ToString(), settings.EmulatorAddress?.ToString() ?? settings.Ec2.ServiceUrl ?? "the regional endpoint",
                settings.Clustering.Provider.ToString());
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
            Message = "Fleet silo up: fleet page {Http}/, Orleans Dashboard {Http}/dashboard/, API {Http}/api/v1/nodes, metrics {Http}/metrics; EC2 {Mode} at {Ec2}; {Clustering} clustering")]
        public static partial void Serving(ILogger logger, string http, string mode, string ec2, string clustering);
    }
}
