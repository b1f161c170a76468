using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fleet.Silo.Api;

/// <summary>
/// When <c>Fleet:Http:BearerToken</c> is set, every request needs <c>Authorization: Bearer {token}</c>, except the
/// probes (<c>/healthz</c>, <c>/readyz</c>) and the fleet page's static files (they hold no data; the page asks for the
/// token and keeps it in the <c>fleet-token</c> cookie, which is accepted for GET requests only, so a browser can
/// also open the Orleans Dashboard). Tokens are compared in constant time (of their SHA-256 digests, so the length
/// leaks nothing either) and never logged.
/// </summary>
internal sealed class BearerTokenMiddleware(RequestDelegate next, string token)
{
    /// <summary>The cookie the fleet page sets.</summary>
    public const string CookieName = "fleet-token";

    private static readonly string[] s_open = ["/healthz", "/readyz", "/", "/index.html", "/fleet.js", "/nodes.js", "/fleet.css", "/favicon.svg"];
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public Task InvokeAsync(HttpContext context)
    {
        if (s_open.Contains(context.Request.Path.Value, StringComparer.Ordinal) || Presented(context) is { } given && Matches(given))
        {
            return next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemTypes.Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "A bearer token is required.",
            "Send Authorization: Bearer <Fleet:Http:BearerToken>.").ExecuteAsync(context);
    }

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

    private bool Matches(string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _expected);
}
