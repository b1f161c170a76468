using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Fleet.Silo.Health;

/// <summary><c>/healthz</c> (the process serves requests) and <c>/readyz</c> (ready after the first successful EC2 sync).</summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddFleetHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<Ec2SyncHealthCheck>("ec2-sync", tags: [ReadyTag]);
        return services;
    }

    public static void MapFleetHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        }));
    }

    private sealed class Ec2SyncHealthCheck(Ec2SyncState state) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(state.SyncedAt is { } at
                ? HealthCheckResult.Healthy($"EC2 reached at {at:O}")
                : HealthCheckResult.Unhealthy(state.LastError is { } error
                    ? $"EC2 not reached yet ({state.Attempts} attempt(s)); last error: {error}"
                    : "EC2 not reached yet"));
    }
}
