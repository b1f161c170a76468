using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Fleet.Ec2.Emulator.Hosting;

/// <summary>Registers an embedded EC2 emulator in a host (e.g. the Fleet silo). Both methods are idempotent.</summary>
public static class Ec2EmulatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="Ec2Region"/> singleton for <paramref name="options"/> (validated when first resolved;
    /// default region when null). Its clock is the <see cref="TimeProvider"/> registered in DI, else the system clock.
    /// In-process callers inject <see cref="Ec2Region"/> and use its typed API; HTTP callers need
    /// <see cref="Ec2EmulatorEndpoints.MapEc2Emulator"/> or <see cref="AddEc2EmulatorServer"/>.
    /// </summary>
    public static IServiceCollection AddEc2Emulator(this IServiceCollection services, EmulatorOptions? options = null)
    {
        services.TryAddSingleton(options ?? new EmulatorOptions());
        services.TryAddSingleton(sp => new Ec2Region(
            sp.GetRequiredService<EmulatorOptions>(), sp.GetService<TimeProvider>(), sp.GetService<ILogger<Ec2Region>>()));
        return services;
    }

    /// <summary>
    /// Also serves the region's Query API on its own Kestrel server (default <c>http://127.0.0.1:4566/</c>), started
    /// and stopped with the host — so AWS SDKs and the <c>aws</c> CLI reach the embedded emulator while the host's own
    /// HTTP endpoints stay on theirs.
    /// </summary>
    public static IServiceCollection AddEc2EmulatorServer(this IServiceCollection services, Action<EmulatorServerOptions>? configure = null)
    {
        services.AddEc2Emulator();
        var server = new EmulatorServerOptions();
        configure?.Invoke(server);
        services.TryAddSingleton(server);
        services.AddHostedService<Ec2EmulatorHostedService>();
        return services;
    }
}
