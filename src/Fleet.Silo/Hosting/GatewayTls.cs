using Fleet.Client;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Fleet.Silo.Hosting;

/// <summary>
/// TLS with client certificates on the Orleans client gateway, from <see cref="GatewayTlsOptions"/>: decides whether it
/// is on (by default whenever the gateway listens beyond loopback), checks the files at start-up (errors name the key,
/// never the password), and wraps every inbound gateway connection in TLS that demands a client certificate issued by
/// the configured client authority.
/// </summary>
internal static class GatewayTls
{
    private const string S = GatewayTlsOptions.Section;

    /// <summary>Whether the gateway accepts connections from beyond this machine.</summary>
    public static bool ListensBeyondLoopback(ClusteringOptions c) =>
        c.GatewayPort != 0
        && c.Provider == ClusteringProvider.Redis
        && (c.Kubernetes || c.ListenOnAnyHostAddress || !SiloOptionsValidation.IsLoopback(c.AdvertisedHost));

    /// <summary>Whether gateway TLS is on: as configured, else whenever the gateway listens beyond loopback.</summary>
    public static bool IsOn(ClusteringOptions c) => c.GatewayPort != 0 && (c.GatewayTls.Enabled ?? ListensBeyondLoopback(c));

    /// <summary>Errors naming the bad key; empty when valid (or when TLS is off).</summary>
    public static IEnumerable<string> Validate(ClusteringOptions c, TimeProvider time)
    {
        var tls = c.GatewayTls;
        if (tls.Enabled == true && c.GatewayPort == 0)
        {
            yield return $"{S}:Enabled is true but {ClusteringOptions.Section}:GatewayPort is 0 (no gateway).";
        }

        if (!IsOn(c))
        {
            yield break;
        }

        var why = tls.Enabled == true ? $"{S}:Enabled is true" : $"the gateway listens beyond loopback ({Where(c)})";
        if (tls.CertificatePath is null)
        {
            yield return $"{S}:CertificatePath must be set because {why}: a PKCS#12 (.pfx) file with the gateway's certificate and key " +
                $"(docs/operations.md, \"Gateway TLS\", makes one with openssl; {S}:Enabled=false turns TLS off on a closed network).";
        }
        else
        {
            var (certificate, error) = GatewayCertificates.LoadPkcs12(tls.CertificatePath, tls.CertificatePassword, $"{S}:CertificatePath");
            using (certificate)
            {
                if (error is not null)
                {
                    yield return error;
                }
                else if (certificate!.NotAfter.ToUniversalTime() < time.GetUtcNow().UtcDateTime || certificate.NotBefore.ToUniversalTime() > time.GetUtcNow().UtcDateTime)
                {
                    yield return $"{S}:CertificatePath: the certificate ({certificate.Subject}) is valid only from {certificate.NotBefore:O} to {certificate.NotAfter:O}.";
                }
            }
        }

        if (tls.ClientAuthorityPath is null)
        {
            yield return $"{S}:ClientAuthorityPath must be set because {why}: a PEM file with the certificate authority that issues client certificates.";
        }
        else if (GatewayCertificates.LoadAuthorities(tls.ClientAuthorityPath, $"{S}:ClientAuthorityPath").Error is { } error)
        {
            yield return error;
        }
    }

    /// <summary>Wraps inbound gateway connections in TLS requiring a client certificate from the client authority.</summary>
    public static void Configure(ISiloBuilder silo, GatewayTlsOptions tls, TimeProvider time)
    {
        var (certificate, error) = GatewayCertificates.LoadPkcs12(tls.CertificatePath!, tls.CertificatePassword, $"{S}:CertificatePath");
        var (authorities, authorityError) = GatewayCertificates.LoadAuthorities(tls.ClientAuthorityPath!, $"{S}:ClientAuthorityPath");
        if (certificate is null || authorities is null)
        {
            throw new SiloConfigurationException(error ?? authorityError!);
        }

        var options = new TlsOptions
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = (remote, _, _) =>
                remote is not null && GatewayCertificates.IsIssuedBy(remote, authorities, GatewayCertificates.ClientAuthentication, time),
        };
        silo.Configure<SiloConnectionOptions>(o => o.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(options)));
    }

    private static string Where(ClusteringOptions c) =>
        c.Kubernetes ? $"{ClusteringOptions.Section}:Kubernetes is true"
        : c.ListenOnAnyHostAddress ? $"{ClusteringOptions.Section}:ListenOnAnyHostAddress is true"
        : $"{ClusteringOptions.Section}:AdvertisedHost is {c.AdvertisedHost}";
}
