namespace Fleet.Silo.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Http</c>: where the silo serves HTTP (API, fleet page, dashboard, metrics, probes)
/// and who may call it. Example: <c>Fleet__Http__Urls=http://0.0.0.0:8080 Fleet__Http__BearerToken=…</c>.
/// </summary>
public sealed class HttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Http";

    /// <summary>The default URL: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>The shortest bearer token accepted, in characters.</summary>
    public const int MinTokenLength = 16;

    /// <summary>
    /// The URLs to listen on, separated by <c>;</c>. Default <c>http://127.0.0.1:8080</c>; when this key is not set,
    /// <c>ASPNETCORE_URLS</c> (or <c>--urls</c>) is honoured before the default. Port 0 picks a free port.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>
    /// The bearer token every request must carry (<c>Authorization: Bearer …</c>), except <c>/healthz</c>,
    /// <c>/readyz</c> and the fleet page's static files. Default none. Required (at least 16 characters) when any URL
    /// is not a loopback address: the silo refuses to start without it. Never logged.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// Bearer tokens that each act for one Kubernetes cluster (cluster name → token, each at least 16 characters, all
    /// different): a request with cluster A's token may report for, set the spec of and read only A's nodes (a node of
    /// another cluster is a 403 <c>other-cluster</c> problem, nothing changed), lists only A's nodes, and is refused the
    /// views that show every cluster (the Orleans Dashboard, <c>/metrics</c> on this listener, the EC2 call trail).
    /// <see cref="BearerToken"/> still acts for every cluster. Default: none. Like it, required beyond loopback (either
    /// kind), compared in constant time, never logged. Example: <c>Fleet__Http__ClusterTokens__staging=…</c>.
    /// </summary>
    public Dictionary<string, string> ClusterTokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether any token is configured: the API then requires one.</summary>
    public bool RequiresToken => BearerToken is not null || ClusterTokens.Count > 0;

    /// <summary>The largest request body accepted, in bytes. Default 1 MiB (1048576).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
