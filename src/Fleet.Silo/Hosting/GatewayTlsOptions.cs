namespace Fleet.Silo.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Clustering:GatewayTls</c>: TLS with client certificates on the Orleans client
/// gateway (<c>Fleet:Clustering:GatewayPort</c>), so only agents and tools holding a certificate from the cluster's
/// client authority can report demand or read nodes through it — the gateway's counterpart of the HTTP API's bearer
/// token. On by default whenever the gateway listens beyond loopback (Redis clustering with a non-loopback
/// <c>AdvertisedHost</c>, <c>ListenOnAnyHostAddress</c> or <c>Kubernetes</c>); the silo then refuses to start
/// without a certificate. Example: <c>Fleet__Clustering__GatewayTls__CertificatePath=/etc/fleet/gateway/gateway.pfx
/// Fleet__Clustering__GatewayTls__ClientAuthorityPath=/etc/fleet/gateway/client-ca.pem</c>.
/// </summary>
public sealed class GatewayTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = ClusteringOptions.Section + ":GatewayTls";

    /// <summary>
    /// Whether the gateway requires TLS and a client certificate. Default: on when the gateway listens beyond
    /// loopback, off on loopback (only this machine can reach it). <c>false</c> beyond loopback is allowed for a
    /// closed network (a compose file on one machine) and logged as a warning at start.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>A PKCS#12 (.pfx) file with the gateway's certificate and private key. Default none; required when TLS is on.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one. Default none. Never logged or shown in errors.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// A PEM file with the certificate authority (or authorities) whose client certificates the gateway accepts; a
    /// client certificate must chain to one of them (not to the machine's roots) and allow client authentication.
    /// Default none; required when TLS is on.
    /// </summary>
    public string? ClientAuthorityPath { get; set; }
}
