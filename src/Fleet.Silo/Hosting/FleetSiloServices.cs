using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Ec2.Port;
using Fleet.Grains.Hosting;
using Fleet.Silo.Api;
using Fleet.Silo.Demo;
using Fleet.Silo.Health;
using Fleet.Silo.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Fleet.Silo.Hosting;

/// <summary>Registers the silo's parts from its <see cref="SiloSettings"/>.</summary>
internal static class FleetSiloServices
{
    public static void AddFleetSilo(this WebApplicationBuilder builder, SiloSettings settings)
    {
        var services = builder.Services;
        services.AddSingleton(settings);
        AddValidatedOptions(services, settings);

        builder.WebHost.UseUrls([.. SiloOptionsValidation.SplitUrls(settings.Http.Urls), .. SiloOptionsValidation.SplitUrls(settings.Metrics.Urls)]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = settings.Http.MaxRequestBodyBytes;
        });

        if (settings.EmulatorEmbedded)
        {
            var emulator = settings.Emulator.ConfigFile is { } file ? EmulatorConfigFile.Load(file) : new EmulatorOptions();
            services.AddEc2Emulator(emulator);
            services.AddEc2EmulatorServer(o => o.Port = settings.Emulator.Port);
        }

        services.AddFleetAllocator(builder.Configuration);
        DecorateEc2Port(services);
        builder.UseOrleans(silo => OrleansSetup.Configure(silo, settings.Clustering, builder.Configuration));

        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddFleetMetrics();
        services.AddFleetHealthChecks();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Ec2SyncState>();
        services.AddSingleton<Ec2CallRecord>();
        services.AddSingleton<Ec2CallHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<Ec2CallHistory>());
        services.AddHostedService<Ec2SyncService>();
        services.AddHostedService<JanitorKeeper>();
        services.AddHostedService<SiloBanner>();
        if (settings.Demo.Nodes > 0)
        {
            services.AddSingleton(settings.Demo);
            services.AddHostedService<DemoFleetService>();
        }
    }

    /// <summary>Also registers each section as validated options (checked again at start, for code that reads <c>IOptions</c>).</summary>
    private static void AddValidatedOptions(IServiceCollection services, SiloSettings settings)
    {
        Add(services, settings.Http, SiloOptionsValidation.Validate);
        Add(services, settings.Metrics, m => SiloOptionsValidation.Validate(m, settings.Http));
        Add(services, settings.Clustering, SiloOptionsValidation.Validate);
        Add(services, settings.Emulator, e => SiloOptionsValidation.Validate(e, settings.Ec2));
        Add(services, settings.Demo, d => SiloOptionsValidation.Validate(d, settings.EmulatorEmbedded));

        static void Add<T>(IServiceCollection services, T value, Func<T, IEnumerable<string>> validate)
            where T : class
        {
            services.AddOptions<T>().Configure(o => Copy(value, o)).ValidateOnStart();
            services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(validate));
        }
    }

    private static void Copy<T>(T from, T to)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanRead && p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }

    /// <summary>Wraps the allocator's EC2 port so every call also lands in <see cref="Ec2CallRecord"/>.</summary>
    private static void DecorateEc2Port(IServiceCollection services)
    {
        var inner = services.Last(d => d.ServiceType == typeof(IEc2Port));
        services.Remove(inner);
        services.AddSingleton<IEc2Port>(sp => new RecordingEc2Port(
            inner.ImplementationInstance as IEc2Port
                ?? inner.ImplementationFactory?.Invoke(sp) as IEc2Port
                ?? (IEc2Port)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!),
            sp.GetRequiredService<Ec2CallRecord>(),
            sp.GetRequiredService<TimeProvider>()));
    }

    private sealed class SettingsValidator<T>(Func<T, IEnumerable<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            validate(options).ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
