using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>The CLI against a silo whose gateway requires TLS and a client certificate (made by deploy/gateway-certs.sh).</summary>
public sealed class GatewayTlsCommandTests : IAsyncLifetime
{
    private GatewayCertificateFiles _certificates = null!;
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        _certificates = await GatewayCertificateFiles.MakeAsync("fleet-cli");
        _silo = await TestSilo.StartAsync(_certificates.SiloSettings());
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task With_its_client_certificate_the_cli_reports_demand_and_lists_nodes()
    {
        var node = _silo.Launch(1)[0];
        string[] tls = ["--gateway", _silo.Gateway, "--client-cert", _certificates.Client("fleet-cli"), "--gateway-ca", _certificates.Authority];

        var (demandExit, _, demandError) = await CliRun.RunAsync(["demand", node, "--used", "5", .. tls]);
        var (listExit, list, _) = await CliRun.RunAsync(["nodes", "--json", .. tls]);

        Assert.True(demandExit == 0, demandError);
        Assert.Equal(0, listExit);
        Assert.Contains(node, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_certificate_the_cli_cannot_reach_the_gateway()
    {
        var (exit, _, error) = await CliRun.RunAsync("nodes", "--gateway", _silo.Gateway, "--connect-timeout", "2s");

        Assert.Equal(2, exit);
        Assert.Contains("cannot reach the Fleet cluster", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_file_that_is_not_there_is_named()
    {
        var (exit, _, error) = await CliRun.RunAsync("nodes", "--gateway", _silo.Gateway, "--client-cert", "/nonexistent/me.pfx", "--gateway-ca", _certificates.Authority);

        Assert.Equal(2, exit);
        Assert.Contains("client certificate: no file at '/nonexistent/me.pfx'", error, StringComparison.Ordinal);
    }
}
