using Microsoft.Extensions.Hosting;

namespace Fleet.Client;

/// <summary>
/// The lifetime of the Orleans client's inner host: it starts and stops only when <see cref="FleetClient"/> says so.
/// The default console lifetime would take the process's SIGTERM and Ctrl-C for itself — stopping the client while
/// the program that embeds it (the CLI, an agent) never hears of the signal and keeps calling a stopped client.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
