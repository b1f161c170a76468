using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Ec2.Emulator.Hosting;

/// <summary>Runs <see cref="Ec2EmulatorServer"/> for the DI region while the host runs.</summary>
internal sealed class Ec2EmulatorHostedService(Ec2Region region, EmulatorServerOptions options, ILoggerFactory? loggers = null) : IHostedService
{
    private Ec2EmulatorServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken) =>
        _server = await Ec2EmulatorServer.StartAsync(region, options, loggers, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
