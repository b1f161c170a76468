using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Client;

/// <summary>
/// Certificates of the TLS-protected Orleans gateway, shared by the silo (which demands a client certificate) and the
/// client (which checks the silo's): loading them from files with errors that name the file but never a password,
/// and checking that a peer's certificate was issued by one of a small, private set of authorities.
/// </summary>
public static class GatewayCertificates
{
    /// <summary>Extended key usage "TLS Web Server Authentication" (RFC 5280 §4.2.1.12).</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Extended key usage "TLS Web Client Authentication" (RFC 5280 §4.2.1.12).</summary>
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>
    /// Loads a PKCS#12 (.pfx) file holding a certificate and its private key. Returns the certificate, or an error
    /// that names <paramref name="key"/> (the option or flag that gave the path).
    /// </summary>
    public static (X509Certificate2? Certificate, string? Error) LoadPkcs12(string path, string? password, string key)
    {
        if (!File.Exists(path))
        {
            return (null, $"{key}: no file at '{path}'.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            return (null, $"{key}: '{path}' is not a PKCS#12 (.pfx) file that its password opens.");
        }

        if (!certificate.HasPrivateKey)
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            return (null, $"{key}: the certificate in '{path}' ({subject}) has no private key.");
        }

        return (certificate, null);
    }

    /// <summary>
    /// Loads the certificate authorities of a PEM file (one or more <c>-----BEGIN CERTIFICATE-----</c> blocks). Returns
    /// them, or an error naming <paramref name="key"/>.
    /// </summary>
    public static (X509Certificate2Collection? Authorities, string? Error) LoadAuthorities(string path, string key)
    {
        if (!File.Exists(path))
        {
            return (null, $"{key}: no file at '{path}'.");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (CryptographicException)
        {
            return (null, $"{key}: '{path}' is not a PEM file of certificates.");
        }

        return authorities.Count == 0
            ? (null, $"{key}: '{path}' holds no certificate (expected -----BEGIN CERTIFICATE----- blocks).")
            : (authorities, null);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="authorities"/> — and only to them, not
    /// to the machine's roots — is valid at <paramref name="time"/>'s now, and allows <paramref name="usage"/>
    /// (<see cref="ServerAuthentication"/> or <see cref="ClientAuthentication"/>). Host names are not matched: silos
    /// are reached at the addresses they advertise (pod IPs), so the private authority is what vouches for a peer.
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2Collection authorities, Oid usage, TimeProvider time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        return chain.Build(certificate);
    }
}
