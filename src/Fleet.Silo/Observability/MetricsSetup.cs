using Fleet.Ec2.Metering;
using Fleet.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using System.Reflection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Fleet.Silo.Observability;

/// <summary>
/// OpenTelemetry metrics exported for Prometheus at <c>/metrics</c>: meters <c>Fleet.Allocator</c>, <c>Fleet.Ec2</c>
/// and <c>Microsoft.Orleans</c>, with histogram buckets sized for what each measures (seconds, nodes), under the
/// resource <c>service.name=fleet-silo</c> (Prometheus' <c>target_info</c>; without it OpenTelemetry says
/// <c>unknown_service:fleet-silo</c>).
/// </summary>
internal static class MetricsSetup
{
    /// <summary>The meters exported.</summary>
    public static readonly string[] Meters = [AllocatorInstruments.MeterName, Ec2Instruments.MeterName, "Microsoft.Orleans"];

    /// <summary>The OpenTelemetry <c>service.name</c>: the executable's name.</summary>
    public const string ServiceName = "fleet-silo";

    public static IServiceCollection AddFleetMetrics(this IServiceCollection services)
    {
        var version = typeof(MetricsSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceNamespace: "fleet", serviceVersion: version?.Split('+')[0]))
            .WithMetrics(metrics => metrics
            .AddMeter(Meters)
            .AddView("fleet.ec2.call.duration", Buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
            .AddView("fleet.throttle.wait", Buckets(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120))
            .AddView("fleet.node.time_to_capacity", Buckets(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800))
            .AddView("fleet.describe.batch_size", Buckets(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000))
            .AddPrometheusExporter());
        return services;
    }

    private static ExplicitBucketHistogramConfiguration Buckets(params double[] boundaries) => new() { Boundaries = boundaries };
}
