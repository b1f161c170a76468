using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Reliability.Tests.Security;

/// <summary>A throwaway self-signed certificate for silo TLS, written as a password-protected PKCS#12 file.</summary>
internal sealed class SelfSignedCertificate : IDisposable
{
    private SelfSignedCertificate(string path, string password, string thumbprint)
    {
        Path = path;
        Password = password;
        Thumbprint = thumbprint;
    }

    public string Path { get; }

    public string Password { get; }

    public string Thumbprint { get; }

    /// <summary>Creates one valid from yesterday to tomorrow (or already expired), for server and client authentication on 127.0.0.1.</summary>
    public static SelfSignedCertificate Create(string subject, bool expired = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = expired
            ? request.CreateSelfSigned(now.AddDays(-10), now.AddDays(-1))
            : request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("fleet-tls").FullName, "silo.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return new SelfSignedCertificate(path, password, certificate.Thumbprint);
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
