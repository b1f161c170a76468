using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Silo-to-silo TLS from <see cref="ClusterTlsOptions"/>: checks the settings at start-up (errors name the key, never
/// the password), loads the certificate, and wraps the silo's inbound and outbound silo connections in TLS.
/// </summary>
internal static class ClusterTls
{
    /// <summary>Errors naming the bad key; empty when valid (or when TLS is off).</summary>
    public static IEnumerable<string> Validate(ClusterTlsOptions tls, TimeProvider time)
    {
        const string S = ClusterTlsOptions.Section;
        if (!tls.Enabled)
        {
            yield break;
        }

        foreach (var thumbprint in tls.TrustedThumbprintList.Where(t => t.Length != 40 || !t.All(Uri.IsHexDigit)))
        {
            yield return $"{S}:TrustedThumbprints: '{thumbprint}' is not a SHA-1 thumbprint (40 hex digits).";
        }

        if (tls.CertificatePath is null == tls.CertificateSubject is null)
        {
            yield return $"{S}:CertificatePath or {S}:CertificateSubject must be set (exactly one) when {S}:Enabled is true.";
            yield break;
        }

        var (certificate, error) = TryLoad(tls);
        if (error is not null)
        {
            yield return error;
            yield break;
        }

        using (certificate)
        {
            var key = tls.CertificatePath is not null ? $"{S}:CertificatePath" : $"{S}:CertificateSubject";
            if (!certificate!.HasPrivateKey)
            {
                yield return $"{key}: the certificate ({certificate.Subject}) has no private key.";
            }

            var now = time.GetUtcNow();
            if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
            {
                yield return $"{key}: the certificate ({certificate.Subject}) is valid only from {certificate.NotBefore:O} to {certificate.NotAfter:O}.";
            }
        }
    }

    /// <summary>Wraps silo-to-silo connections in TLS (the gateway stays plain).</summary>
    public static void Configure(ISiloBuilder silo, ClusterTlsOptions tls)
    {
        var (certificate, error) = TryLoad(tls);
        if (certificate is null)
        {
            throw new SiloConfigurationException(error ?? $"{ClusterTlsOptions.Section}: the certificate could not be loaded.");
        }

        var trusted = tls.TrustedThumbprintList.Append(certificate.Thumbprint.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var options = new TlsOptions
        {
            LocalCertificate = certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = tls.MutualAuthentication ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.NoCertificate,
            RemoteCertificateValidation = (remote, _, errors) => remote is not null && (errors == SslPolicyErrors.None || trusted.Contains(remote.Thumbprint.ToUpperInvariant())),
        };
        silo.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(connection => connection.UseServerTls(options));
            o.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(options));
        });
    }

    private static (X509Certificate2? Certificate, string? Error) TryLoad(ClusterTlsOptions tls)
    {
        const string S = ClusterTlsOptions.Section;
        if (tls.CertificatePath is { } path)
        {
            if (!File.Exists(path))
            {
                return (null, $"{S}:CertificatePath: no file at '{path}'.");
            }

            try
            {
                return (X509CertificateLoader.LoadPkcs12FromFile(path, tls.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet), null);
            }
            catch (CryptographicException)
            {
                return (null, $"{S}:CertificatePath: '{path}' is not a PKCS#12 (.pfx) file that {S}:CertificatePassword opens.");
            }
        }

        try
        {
            return (CertificateLoader.LoadFromStoreCert(tls.CertificateSubject!, tls.CertificateStoreName.ToString(), tls.CertificateStoreLocation,
                allowInvalid: true, server: true), null);
        }
        catch (InvalidOperationException e)
        {
            return (null, $"{S}:CertificateSubject: {e.Message}");
        }
    }
}
