using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Silo.FleetPage;

/// <summary>
/// Serves the fleet page at <c>/</c>: static HTML, CSS and vanilla JavaScript embedded in the assembly (no build step),
/// which polls the read-only JSON endpoints under <c>/api/v1</c>: nodes through the index's change feed, so a poll of a
/// 10,000-node fleet carries only the lines that changed.
/// </summary>
internal static class FleetPageEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] s_files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/index.html", "index.html", "text/html; charset=utf-8"),
        ("/fleet.js", "fleet.js", "text/javascript; charset=utf-8"),
        ("/nodes.js", "nodes.js", "text/javascript; charset=utf-8"),
        ("/fleet.css", "fleet.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "favicon.svg", "image/svg+xml"),
    ];

    public static void MapFleetPage(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in s_files)
        {
            var bytes = Load(resource);
            endpoints.MapGet(path, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Bytes(bytes, contentType);
            }).ExcludeFromDescription();
        }
    }

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("fleetpage/" + name)
            ?? throw new InvalidOperationException($"The fleet page resource {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
