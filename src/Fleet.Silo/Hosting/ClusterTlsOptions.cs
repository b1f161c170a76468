using System.Security.Cryptography.X509Certificates;

namespace Fleet.Silo.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Clustering:Tls</c>: TLS on silo-to-silo connections (Microsoft.Orleans.Connections.Security),
/// so grain calls, membership probes and persisted-state traffic between silos are encrypted and every silo proves it
/// holds the cluster's certificate. The client gateway has TLS of its own (<see cref="GatewayTlsOptions"/>). A peer is
/// accepted when its certificate chains to a root the machine trusts, or is the silo's own certificate (one
/// certificate shared by every silo, e.g. self-signed), or is listed in <see cref="TrustedThumbprints"/>.
/// Example: <c>Fleet__Clustering__Tls__Enabled=true Fleet__Clustering__Tls__CertificatePath=/etc/fleet/silo.pfx
/// Fleet__Clustering__Tls__CertificatePassword=…</c>.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = ClusteringOptions.Section + ":Tls";

    /// <summary>Whether silo-to-silo connections use TLS. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>A PKCS#12 (.pfx) file holding the silo's certificate and private key. Default none. Set this or <see cref="CertificateSubject"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one. Default none. Never logged or shown in errors.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The subject of a certificate in the machine's certificate store (the newest valid one is used). Default none.</summary>
    public string? CertificateSubject { get; set; }

    /// <summary>The store <see cref="CertificateSubject"/> is read from. Default <c>My</c>.</summary>
    public StoreName CertificateStoreName { get; set; } = StoreName.My;

    /// <summary>The store location <see cref="CertificateSubject"/> is read from. Default <c>CurrentUser</c>.</summary>
    public StoreLocation CertificateStoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>
    /// Whether a silo accepting a connection requires the connecting silo's certificate too (mutual TLS). Default true:
    /// without it anything that can reach the silo port could join the cluster.
    /// </summary>
    public bool MutualAuthentication { get; set; } = true;

    /// <summary>
    /// SHA-1 thumbprints (hex, comma-separated) of further peer certificates to accept, e.g. during a certificate
    /// rotation. Default none.
    /// </summary>
    public string? TrustedThumbprints { get; set; }

    /// <summary>The trusted thumbprints as a list, upper case without separators.</summary>
    public IReadOnlyList<string> TrustedThumbprintList =>
        [.. (TrustedThumbprints ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Replace(":", string.Empty, StringComparison.Ordinal).ToUpperInvariant())];
}
