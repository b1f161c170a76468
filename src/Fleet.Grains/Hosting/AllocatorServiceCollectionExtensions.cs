using Fleet.Core.Node;
using Fleet.Core.Throttling;
using Fleet.Ec2.Aws;
using Fleet.Ec2.Limits;
using Fleet.Ec2.Metering;
using Fleet.Ec2.Port;
using Fleet.Grains.Describe;
using Fleet.Grains.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Fleet.Grains.Hosting;

/// <summary>Registers the allocator's services on a silo.</summary>
public static class AllocatorServiceCollectionExtensions
{
    /// <summary>The keyed <see cref="TimeProvider"/> for I/O pacing (batch windows); real time unless a host overrides it.</summary>
    public const string IoTimeProviderKey = "Fleet.Io";

    /// <summary>
    /// Adds the allocator: options from <c>Fleet:Ec2</c>, <c>Fleet:Allocator</c>, <c>Fleet:Cluster</c> and <c>Fleet:Throttle</c> (validated at
    /// start-up, errors naming the key), the EC2 port (AWSSDK.EC2, metered) unless the host registered its own
    /// <see cref="IEc2Port"/>, the describe batcher, instance limits and metrics. Idempotent.
    /// </summary>
    public static IServiceCollection AddFleetAllocator(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(FleetClock)))
        {
            return services;
        }

        services.AddOptions<Ec2Options>().Bind(configuration.GetSection(Ec2Options.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Ec2Options>>(new OptionsValidator<Ec2Options>(o => o.Validate()));
        services.AddOptions<AllocatorOptions>().Bind(configuration.GetSection(AllocatorOptions.Section))
            .PostConfigure(o => o.ClusterName = ClusterSettings.Configured(configuration) ?? o.ClusterName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AllocatorOptions>>(new OptionsValidator<AllocatorOptions>(o => o.Validate().Concat(ClusterSettings.Validate(configuration))));
        services.AddOptions<ThrottleSettings>().Bind(configuration.GetSection(ThrottleSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThrottleSettings>>(new OptionsValidator<ThrottleSettings>(s =>
        {
            s.ToOptions(out var errors);
            return errors;
        }));

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ThrottleSettings>>().Value.ToOptions(out _));
        services.AddSingleton(sp =>
        {
            var ec2 = sp.GetRequiredService<IOptions<Ec2Options>>().Value;
            var grains = sp.GetKeyedService<TimeProvider>(TimeProviderNames.Grains) ?? sp.GetService<TimeProvider>() ?? TimeProvider.System;
            var io = sp.GetKeyedService<TimeProvider>(IoTimeProviderKey) ?? TimeProvider.System;
            return new FleetClock(grains, io, $"{ec2.AccountId}/{ec2.Region}");
        });

        services.AddMetrics();
        services.TryAddSingleton<AllocatorInstruments>();
        services.TryAddSingleton<Ec2Instruments>();
        services.TryAddSingleton<IEc2Port>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<Ec2Options>>().Value;
            return new MeteredEc2Port(new AwsEc2Port(Ec2ClientFactory.Create(options)), sp.GetRequiredService<Ec2Instruments>(),
                sp.GetRequiredService<FleetClock>().Io);
        });
        services.TryAddSingleton<InstanceLimitsProvider>();
        services.TryAddSingleton<DescribeBatcher>();
        services.TryAddSingleton<SiloDeparture>();
        return services;
    }
}
