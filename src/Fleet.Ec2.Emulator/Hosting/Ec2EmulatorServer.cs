using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Ec2.Emulator.Hosting;

/// <summary>
/// The emulator's own Kestrel server for one <see cref="Ec2Region"/>: the Query API at <c>/</c> and the admin
/// endpoints under <c>/_emulator/</c>. Used by the standalone executable, by hosts through
/// <see cref="Ec2EmulatorServiceCollectionExtensions.AddEc2EmulatorServer"/>, and by tests (port 0).
/// </summary>
public sealed partial class Ec2EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Ec2EmulatorServer(WebApplication app, Ec2Region region, Uri baseAddress)
    {
        _app = app;
        Region = region;
        BaseAddress = baseAddress;
    }

    /// <summary>The region served.</summary>
    public Ec2Region Region { get; }

    /// <summary>The bound address, e.g. <c>http://127.0.0.1:4566/</c> (the real port when 0 was asked for).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts serving; returns once the port is bound.</summary>
    public static async Task<Ec2EmulatorServer> StartAsync(
        Ec2Region region, EmulatorServerOptions? options = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorServerOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "fleet-ec2-emulator", Args = [] });
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Fleet.Ec2.Emulator", LogLevel.Information);
        }

        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.BindAddress, options.Port);
        });
        var app = builder.Build();
        app.MapEc2Emulator(region);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new Ec2EmulatorServer(app, region, new Uri(address.TrimEnd('/') + "/"));
        var logger = (loggers ?? app.Services.GetRequiredService<ILoggerFactory>()).CreateLogger<Ec2EmulatorServer>();
        Log.Listening(logger, server.BaseAddress, region.Options.Region, region.Options.TimeCompression);
        return server;
    }

    /// <summary>Completes when the host is asked to stop (Ctrl-C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7010, Level = LogLevel.Information,
            Message = "EC2 emulator listening on {Address} (region {Region}, time compression {Compression})")]
        public static partial void Listening(ILogger logger, Uri address, string region, double compression);
    }
}
