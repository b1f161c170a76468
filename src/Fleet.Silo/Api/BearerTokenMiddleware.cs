using System.Security.Cryptography;
using System.Text;
using Fleet.Silo.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fleet.Silo.Api;

/// <summary>
/// When tokens are configured (<c>Fleet:Http:BearerToken</c>, <c>Fleet:Http:ClusterTokens</c>), every request needs
/// <c>Authorization: Bearer {token}</c>, except the probes (<c>/healthz</c>, <c>/readyz</c>) and the fleet page's static
/// files (they hold no data; the page asks for the token and keeps it in the <c>fleet-token</c> cookie, which is accepted
/// for GET requests only, so a browser can also open the Orleans Dashboard). A cluster's token makes the request act for
/// that cluster (<see cref="ApiCaller"/>); such a request is refused, 403 <c>fleet-wide</c>, the views that show every
/// cluster. Tokens are compared in constant time (of their SHA-256 digests, so the length leaks nothing either, and every
/// configured token is compared, so which one matched does not show either) and never logged.
/// </summary>
internal sealed class BearerTokenMiddleware
{
    /// <summary>The cookie the fleet page sets.</summary>
    public const string CookieName = "fleet-token";

    private static readonly string[] s_open = ["/healthz", "/readyz", "/", "/index.html", "/fleet.js", "/nodes.js", "/fleet.css", "/favicon.svg"];
    private readonly RequestDelegate _next;
    private readonly (byte[] Digest, string? Cluster)[] _tokens;

    public BearerTokenMiddleware(RequestDelegate next, HttpOptions http)
    {
        _next = next;
        _tokens = [.. (http.BearerToken is { } admin ? [(Digest(admin), (string?)null)] : Array.Empty<(byte[], string?)>())
            .Concat(http.ClusterTokens.Select(t => (Digest(t.Value), (string?)t.Key)))];
    }

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (s_open.Contains(path, StringComparer.Ordinal))
        {
            return _next(context);
        }

        if (Presented(context) is { } given && Match(given) is (true, var cluster))
        {
            if (cluster is null)
            {
                return _next(context);
            }

            if (FleetWide(path))
            {
                return ProblemTypes.Problem(StatusCodes.Status403Forbidden, ProblemTypes.FleetWide, "This view shows every cluster.",
                    $"A token for cluster {cluster} reads only that cluster's nodes; the Orleans Dashboard, /metrics and the EC2 call trail need " +
                    "Fleet:Http:BearerToken (or /metrics on Fleet:Metrics:Urls).").ExecuteAsync(context);
            }

            ApiCaller.Set(context, cluster);
            return _next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemTypes.Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "A bearer token is required.",
            "Send Authorization: Bearer <Fleet:Http:BearerToken, or a cluster's Fleet:Http:ClusterTokens:<cluster>>.").ExecuteAsync(context);
    }

    private static bool FleetWide(string? path) =>
        path is not null && (path.StartsWith("/dashboard", StringComparison.OrdinalIgnoreCase)
            || path.Equals(Observability.MetricsListener.Path, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("/api/v1/ec2/trail", StringComparison.OrdinalIgnoreCase));

    private static string? Presented(HttpContext context)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? context.Request.Cookies[CookieName]
            : null;
    }

    private (bool Matched, string? Cluster) Match(string given)
    {
        var digest = Digest(given);
        var matched = false;
        string? cluster = null;
        foreach (var (expected, owner) in _tokens)
        {
            var equal = CryptographicOperations.FixedTimeEquals(digest, expected);
            cluster = equal ? owner : cluster;
            matched |= equal;
        }

        return (matched, cluster);
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
