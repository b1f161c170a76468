using Fleet.Ec2.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Ec2.Emulator.Hosting;

/// <summary>Maps the EC2 Query API and the <c>/_emulator/*</c> endpoints into an ASP.NET Core app.</summary>
public static class Ec2EmulatorEndpoints
{
    /// <summary>
    /// Serves the Query API at <paramref name="prefix"/> (<c>POST</c> form bodies and <c>GET</c> query strings) and
    /// the admin endpoints under <c>{prefix}_emulator/</c>, for <paramref name="region"/> or the DI singleton
    /// registered by <see cref="Ec2EmulatorServiceCollectionExtensions.AddEc2Emulator"/>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="region">The region to serve; resolved from DI when null.</param>
    /// <param name="prefix">The path of the Query API, ending in '/'. Default <c>/</c>, as EC2's.</param>
    /// <returns>The route group, for conventions.</returns>
    public static RouteGroupBuilder MapEc2Emulator(this IEndpointRouteBuilder endpoints, Ec2Region? region = null, string prefix = "/")
    {
        region ??= endpoints.ServiceProvider.GetRequiredService<Ec2Region>();
        var group = endpoints.MapGroup(prefix.TrimEnd('/'));
        group.MapPost("/", (HttpContext c) => QueryEndpoint.HandleAsync(c, region));
        group.MapGet("/", (HttpContext c) => QueryEndpoint.HandleAsync(c, region));
        group.MapGet("/_emulator/trail", (HttpContext c) => AdminEndpoints.TrailAsync(c, region));
        group.MapGet("/_emulator/stats", (HttpContext c) => AdminEndpoints.StatsAsync(c, region));
        group.MapGet("/_emulator/state", (HttpContext c) => AdminEndpoints.StateAsync(c, region));
        group.MapPost("/_emulator/faults", (HttpContext c) => AdminEndpoints.FaultsAsync(c, region));
        group.MapPost("/_emulator/reset", (HttpContext c) => AdminEndpoints.ResetAsync(c, region));
        return group;
    }
}
