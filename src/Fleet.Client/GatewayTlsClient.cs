using Orleans.Connections.Security;
using Orleans.Hosting;

namespace Fleet.Client;

/// <summary>
/// The client side of the gateway's TLS: present <see cref="FleetClientOptions.ClientCertificatePath"/> and accept a
/// silo only if its certificate was issued by <see cref="FleetClientOptions.GatewayAuthorityPath"/>.
/// </summary>
internal static class GatewayTlsClient
{
    /// <summary>Turns TLS on for every gateway connection; the options were validated before.</summary>
    public static void Configure(IClientBuilder client, FleetClientOptions options)
    {
        var (certificate, error) = GatewayCertificates.LoadPkcs12(options.ClientCertificatePath!, options.ClientCertificatePassword, "client certificate");
        var (authorities, authorityError) = GatewayCertificates.LoadAuthorities(options.GatewayAuthorityPath!, "gateway authority");
        if (certificate is null || authorities is null)
        {
            throw new ArgumentException(error ?? authorityError, nameof(options));
        }

        client.UseTls(tls =>
        {
            tls.LocalCertificate = certificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (remote, _, _) =>
                remote is not null && GatewayCertificates.IsIssuedBy(remote, authorities, GatewayCertificates.ServerAuthentication, options.TimeProvider);
        });
    }
}
