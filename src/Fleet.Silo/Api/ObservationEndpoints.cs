using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Grains.Hosting;
using Fleet.Silo.Health;
using Fleet.Silo.Hosting;
using Fleet.Silo.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Silo.Api;

/// <summary>Read-only views for operators and the fleet page: the throttle, EC2 calls over time, the call trail, the silo.</summary>
internal static class ObservationEndpoints
{
    public static void MapObservation(this RouteGroupBuilder api)
    {
        api.MapGet("/throttle", async (IGrainFactory grains, FleetClock clock) =>
                Results.Json(await grains.GetGrain<IThrottleView>(clock.ThrottleKey).GetView(), ApiJson.Options))
            .WithTags("Throttle").WithName("GetThrottle").WithSummary("The throttle grain's buckets: tokens, queues, grants, throttles.")
            .Produces<ThrottleView>();
        api.MapGet("/ec2/calls", (Ec2CallHistory history, int? seconds) => seconds is < 1 or > Ec2CallHistory.WindowSeconds
                ? ProblemTypes.ValidationProblem(new Dictionary<string, string[]> { ["seconds"] = [$"must be between 1 and {Ec2CallHistory.WindowSeconds}"] })
                : Results.Json(history.Snapshot(seconds ?? 120), ApiJson.Options))
            .WithTags("EC2").WithName("GetEc2Calls").WithSummary("EC2 calls this silo made per second, by action (default: the last 120 s).")
            .Produces<Ec2CallSeries>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/ec2/trail", (IServiceProvider services, int? limit) => limit is < 1 or > Ec2CallRecord.Capacity
                ? ProblemTypes.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"must be between 1 and {Ec2CallRecord.Capacity}"] })
                : Results.Json(Trail(services, limit ?? 50), ApiJson.Options))
            .WithTags("EC2").WithName("GetEc2Trail")
            .WithSummary("The most recent EC2 calls, newest first: the embedded emulator's trail (every client), else this silo's own record.")
            .Produces<IReadOnlyList<Ec2CallEntry>>().ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/silo", (SiloSettings settings, Ec2SyncState sync, ILocalSiloDetails silo) => Results.Json(new SiloInfo(
                settings.Ec2.Mode.ToString(), settings.Ec2.Region, settings.EmulatorAddress?.ToString(), settings.Clustering.Provider.ToString(),
                settings.Clustering.ClusterId, silo.SiloAddress.ToString(), sync.SyncedAt is not null, sync.SyncedAt, settings.Demo.Nodes), ApiJson.Options))
            .WithTags("Silo").WithName("GetSilo").WithSummary("This silo: EC2 mode, emulator, clustering, readiness.")
            .Produces<SiloInfo>();
    }

    private static IReadOnlyList<Ec2CallEntry> Trail(IServiceProvider services, int limit)
    {
        if (services.GetService<SiloSettings>() is { EmulatorEmbedded: true } && services.GetService<Ec2Region>() is { } region)
        {
            var after = Math.Max(0, region.Statistics().Total - limit);
            return [.. region.Trail(after, limit).Reverse().Select(t => new Ec2CallEntry(t.Sequence, t.Time, t.Action,
                t.NetworkInterfaceId ?? t.InstanceId ?? t.SubnetId, t.Count, t.Outcome, t.LatencyMs, t.Client))];
        }

        return services.GetRequiredService<Ec2CallRecord>().Recent(limit);
    }
}

/// <summary>What <c>GET /api/v1/silo</c> answers.</summary>
/// <param name="Ec2Mode"><c>Emulator</c> or <c>Aws</c>.</param>
/// <param name="Region">The AWS region.</param>
/// <param name="Emulator">The embedded emulator's Query API, if embedded.</param>
/// <param name="Clustering"><c>Localhost</c> or <c>Redis</c>.</param>
/// <param name="ClusterId">The Orleans cluster id.</param>
/// <param name="SiloAddress">This silo's address.</param>
/// <param name="Ready">Whether EC2 was reached (<c>/readyz</c>).</param>
/// <param name="Ec2SyncedAt">When EC2 was first reached.</param>
/// <param name="DemoNodes">Demo nodes driven by this silo.</param>
public sealed record SiloInfo(
    string Ec2Mode, string Region, string? Emulator, string Clustering, string ClusterId, string SiloAddress, bool Ready, DateTimeOffset? Ec2SyncedAt, int DemoNodes);
