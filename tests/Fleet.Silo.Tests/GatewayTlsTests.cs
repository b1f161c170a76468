using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// The Orleans gateway with TLS and client certificates (<c>Fleet:Clustering:GatewayTls</c>), certificates made by
/// <c>deploy/gateway-certs.sh</c> as the docs say: only a client holding a certificate from the cluster's authority gets
/// in, and a client only talks to a silo whose certificate that authority issued. A real silo, the real client.
/// </summary>
public sealed class GatewayTlsTests(TlsSilo fixture) : IClassFixture<TlsSilo>
{
    [Fact]
    public async Task A_client_with_a_certificate_from_the_clusters_authority_reports_demand_through_the_gateway()
    {
        var node = fixture.Silo.Launch(1)[0];
        await using var client = await FleetClient.ConnectAsync(Options(fixture.Certificates.Client("agent"), fixture.Certificates.Authority));

        var result = await client.ReportDemandAsync(node, new DemandReport(12));

        Assert.Equal(DemandOutcome.Accepted, result.Outcome);
        Assert.Contains(await client.ListNodesAsync(), n => n.InstanceId == node);
    }

    [Fact]
    public async Task A_client_without_a_certificate_cannot_connect()
    {
        await Assert.ThrowsAnyAsync<OrleansException>(() => FleetClient.ConnectAsync(Options(null, null)));
    }

    [Fact]
    public async Task A_client_certificate_from_another_authority_is_refused()
    {
        await Assert.ThrowsAnyAsync<OrleansException>(() => FleetClient.ConnectAsync(Options(fixture.Stranger.Client("agent"), fixture.Certificates.Authority)));
    }

    [Fact]
    public async Task A_client_refuses_a_gateway_whose_certificate_its_authority_did_not_issue()
    {
        // The client's own certificate would be accepted; it is the silo it does not trust.
        await Assert.ThrowsAnyAsync<OrleansException>(() => FleetClient.ConnectAsync(Options(fixture.Certificates.Client("agent"), fixture.Stranger.Authority)));
    }

    private FleetClientOptions Options(string? certificate, string? authority) => new()
    {
        Gateways = [fixture.Silo.Gateway],
        ClientCertificatePath = certificate,
        GatewayAuthorityPath = authority,
        ConnectTimeout = TimeSpan.FromSeconds(2),
    };
}

/// <summary>A silo whose gateway requires TLS, the certificates it trusts, and those of an authority it does not.</summary>
public sealed class TlsSilo : IAsyncLifetime
{
    public GatewayCertificateFiles Certificates { get; private set; } = null!;

    public GatewayCertificateFiles Stranger { get; private set; } = null!;

    internal TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Certificates = await GatewayCertificateFiles.MakeAsync("agent");
        Stranger = await GatewayCertificateFiles.MakeAsync("agent"); // another authority, same names
        Silo = await TestSilo.StartAsync(Certificates.SiloSettings());
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Certificates.Dispose();
        Stranger.Dispose();
    }
}
