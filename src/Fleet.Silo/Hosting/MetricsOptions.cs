namespace Fleet.Silo.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Metrics</c>: where Prometheus scrapes <c>/metrics</c>. By default the scrape is served
/// on <c>Fleet:Http:Urls</c> next to the API, behind its bearer token when one is set. A platform's Prometheus scrapes
/// pods by annotation (<c>prometheus.io/port</c>) or ServiceMonitor without a per-target secret, so <see cref="Urls"/>
/// opens a listener of its own that serves <c>/metrics</c> only, without the token (and nothing else: every other path
/// answers 404). Keep it on a network only the monitoring system reaches (the Helm chart's NetworkPolicy does).
/// Example: <c>Fleet__Metrics__Urls=http://0.0.0.0:9464</c> (9464: the OpenTelemetry Prometheus exporter's port).
/// </summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Metrics";

    /// <summary>
    /// <c>;</c>-separated URLs of a listener that serves only <c>/metrics</c>, without the bearer token; each needs an
    /// explicit port (1–65535) that no <c>Fleet:Http:Urls</c> entry uses. Default none: <c>/metrics</c> is served on
    /// <c>Fleet:Http:Urls</c>, behind the token.
    /// </summary>
    public string? Urls { get; set; }
}
