using Fleet.Silo.Api;
using Fleet.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fleet.Silo.Observability;

/// <summary>
/// The listener of <c>Fleet:Metrics:Urls</c>: a request that arrived on one of its ports is a scrape. It may fetch
/// <c>/metrics</c> without the bearer token and nothing else — the API, the page and the dashboard answer 404 there,
/// so opening the metrics port never opens the API. Requests are told apart by the local port they arrived on, which
/// is why every metrics URL names its own port.
/// </summary>
internal sealed class MetricsListener(IReadOnlySet<int> ports)
{
    /// <summary>The path Prometheus scrapes.</summary>
    public const string Path = "/metrics";

    /// <summary>The listener of the given settings (no ports when <c>Fleet:Metrics:Urls</c> is unset).</summary>
    public static MetricsListener From(MetricsOptions options) =>
        new(SiloOptionsValidation.SplitUrls(options.Urls).Select(u => BindingPort(u)).ToHashSet());

    /// <summary>Whether the request arrived on the metrics listener.</summary>
    public bool Serves(HttpContext context) => ports.Count > 0 && ports.Contains(context.Connection.LocalPort);

    /// <summary>On the metrics listener, lets only <c>/metrics</c> through; elsewhere does nothing.</summary>
    public void Use(WebApplication app)
    {
        if (ports.Count == 0)
        {
            return;
        }

        app.Use((context, next) => !Serves(context) || context.Request.Path.Equals(Path, StringComparison.Ordinal)
            ? next(context)
            : ProblemTypes.Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "No such endpoint.",
                $"The metrics listener serves only {Path}.").ExecuteAsync(context));
    }

    private static int BindingPort(string url) => Microsoft.AspNetCore.Http.BindingAddress.Parse(url).Port;
}
