using Fleet.Silo.Hosting;
using Fleet.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Silo.Tests;

/// <summary>
/// What the silo opens beyond its HTTP API: the gateway (TLS on by default as soon as it listens beyond loopback, and
/// the silo refuses to start without its certificate) and the metrics listener (its own port, no token).
/// </summary>
public sealed class ExposureOptionsTests
{
    private static readonly (string, string)[] s_redis =
    [
        ("Fleet:Clustering:Provider", "Redis"), ("Fleet:Clustering:ConnectionString", "127.0.0.1:6379"), ("Fleet:Ec2:ServiceUrl", "http://127.0.0.1:4566/"),
    ];

    private static SiloSettings Load(params (string Key, string Value)[] values) =>
        SiloSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    private static SiloConfigurationException Refused(params (string Key, string Value)[] values) =>
        Assert.Throws<SiloConfigurationException>(() => Load(values));

    [Fact]
    public void Every_default_is_pinned()
    {
        var tls = new GatewayTlsOptions();
        Assert.Null(tls.Enabled); // on exactly when the gateway listens beyond loopback
        Assert.Null(tls.CertificatePath);
        Assert.Null(tls.CertificatePassword);
        Assert.Null(tls.ClientAuthorityPath);
        Assert.Null(new MetricsOptions().Urls); // /metrics on Fleet:Http:Urls, behind the token
    }

    [Fact]
    public void A_loopback_gateway_is_plain_tcp_by_default()
    {
        Assert.False(GatewayTls.IsOn(Load().Clustering));
        Assert.False(GatewayTls.IsOn(Load(s_redis).Clustering)); // AdvertisedHost 127.0.0.1
    }

    [Theory]
    [InlineData("Fleet:Clustering:ListenOnAnyHostAddress", "true", "ListenOnAnyHostAddress is true")]
    [InlineData("Fleet:Clustering:AdvertisedHost", "10.0.0.7", "AdvertisedHost is 10.0.0.7")]
    [InlineData("Fleet:Clustering:AdvertisedHost", "silo1", "AdvertisedHost is silo1")]
    [InlineData("Fleet:Clustering:Kubernetes", "true", "Kubernetes is true")]
    public void A_gateway_beyond_loopback_without_a_certificate_stops_start_up_naming_the_key(string key, string value, string why)
    {
        var error = Refused([.. s_redis, (key, value)]);

        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Clustering:GatewayTls:CertificatePath must be set because the gateway listens beyond loopback", StringComparison.Ordinal)
            && e.Contains(why, StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Clustering:GatewayTls:ClientAuthorityPath must be set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_beyond_loopback_with_its_certificates_starts_with_tls_on()
    {
        using var files = await GatewayCertificateFiles.MakeAsync();

        var settings = Load([.. s_redis, ("Fleet:Clustering:ListenOnAnyHostAddress", "true"),
            ("Fleet:Clustering:GatewayTls:CertificatePath", files.Gateway), ("Fleet:Clustering:GatewayTls:ClientAuthorityPath", files.Authority)]);

        Assert.True(GatewayTls.IsOn(settings.Clustering));
    }

    [Fact]
    public async Task A_wrong_password_or_a_certificate_file_without_a_key_is_named_without_showing_the_password()
    {
        using var files = await GatewayCertificateFiles.MakeAsync();

        var error = Refused([.. s_redis, ("Fleet:Clustering:ListenOnAnyHostAddress", "true"), ("Fleet:Clustering:GatewayTls:CertificatePath", files.Gateway),
            ("Fleet:Clustering:GatewayTls:CertificatePassword", "not-the-password-42"), ("Fleet:Clustering:GatewayTls:ClientAuthorityPath", files.Gateway)]);

        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Clustering:GatewayTls:CertificatePath: ", StringComparison.Ordinal) && e.Contains("PKCS#12", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Clustering:GatewayTls:ClientAuthorityPath: ", StringComparison.Ordinal));
        Assert.DoesNotContain("not-the-password-42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_can_be_turned_off_explicitly_for_a_closed_network_and_a_gateway_port_of_0_opens_no_gateway()
    {
        var off = Load([.. s_redis, ("Fleet:Clustering:ListenOnAnyHostAddress", "true"), ("Fleet:Clustering:GatewayTls:Enabled", "false")]);
        Assert.False(GatewayTls.IsOn(off.Clustering));
        Assert.True(GatewayTls.ListensBeyondLoopback(off.Clustering));

        var none = Load([.. s_redis, ("Fleet:Clustering:ListenOnAnyHostAddress", "true"), ("Fleet:Clustering:GatewayPort", "0")]);
        Assert.False(GatewayTls.ListensBeyondLoopback(none.Clustering));
        Assert.Contains(Refused(("Fleet:Clustering:GatewayPort", "0"), ("Fleet:Clustering:GatewayTls:Enabled", "true")).Errors,
            e => e.StartsWith("Fleet:Clustering:GatewayTls:Enabled is true but Fleet:Clustering:GatewayPort is 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_with_gateway_port_0_opens_no_gateway_and_serves_its_api()
    {
        await using var silo = await TestSilo.StartAsync("Fleet:Clustering:GatewayPort=0");

        Assert.Equal(System.Net.HttpStatusCode.OK, (await silo.Http.GetAsync("/api/v1/throttle")).StatusCode);
        var endpoints = silo.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orleans.Configuration.EndpointOptions>>().Value;
        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "the listener is told apart")] // no port of its own: the default HTTP port
    [InlineData("http://0.0.0.0:0", "needs an explicit port")]
    [InlineData("https://0.0.0.0:9464", "is not an http:// URL")]
    [InlineData("nonsense", "is not an http:// URL")]
    public void A_metrics_listener_needs_an_http_url_with_a_port_of_its_own(string urls, string expected)
    {
        var error = Refused(("Fleet:Metrics:Urls", urls), ("Fleet:Http:Urls", "http://127.0.0.1:8080"));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Metrics:Urls", StringComparison.Ordinal)
            && (e.Contains(expected, StringComparison.Ordinal) || e.Contains("also in Fleet:Http:Urls", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_typo_under_Fleet_Metrics_is_an_error()
    {
        Assert.Contains(Refused(("Fleet:Metrics:Url", "http://0.0.0.0:9464")).Errors, e => e.StartsWith("Fleet:Metrics", StringComparison.Ordinal));
    }
}
