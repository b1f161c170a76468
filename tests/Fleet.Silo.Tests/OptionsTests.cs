using Fleet.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace Fleet.Silo.Tests;

/// <summary>The silo's configuration: every default pinned, every bad key named before anything starts.</summary>
public sealed class OptionsTests
{
    private static SiloSettings Load(params (string Key, string Value)[] values) =>
        SiloSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void Every_default_is_pinned()
    {
        var http = new HttpOptions();
        Assert.Equal("http://127.0.0.1:8080", http.Urls);
        Assert.Null(http.BearerToken);
        Assert.Empty(http.ClusterTokens); // one cluster: Fleet:Http:BearerToken alone, as before clusters
        Assert.Equal(1024 * 1024, http.MaxRequestBodyBytes);

        var clustering = new ClusteringOptions();
        Assert.Equal(ClusteringProvider.Localhost, clustering.Provider);
        Assert.Null(clustering.ConnectionString);
        Assert.Equal("fleet", clustering.ClusterId);
        Assert.Equal("fleet", clustering.ServiceId);
        Assert.Equal(11111, clustering.SiloPort);
        Assert.Equal(30000, clustering.GatewayPort);
        Assert.Equal("127.0.0.1", clustering.AdvertisedHost);
        Assert.False(clustering.ListenOnAnyHostAddress);
        Assert.False(clustering.Kubernetes);
        // Fast failover: kill -9 detected in about a second rather than Orleans' 11–14 s (docs/operations.md).
        Assert.Equal(TimeSpan.FromSeconds(1), clustering.ProbeTimeout);
        Assert.Equal(2, clustering.NumMissedProbesLimit);
        Assert.Equal(1, clustering.NumVotesForDeathDeclaration);
        Assert.Equal(TimeSpan.FromSeconds(5), clustering.IAmAliveTablePublishTimeout);

        var emulator = new EmulatorHostOptions();
        Assert.Null(emulator.Enabled);
        Assert.Equal(4566, emulator.Port);
        Assert.Null(emulator.ConfigFile);

        var demo = new DemoOptions();
        Assert.Equal(0, demo.Nodes);
        Assert.Equal(["m5.large", "m5.xlarge"], demo.InstanceTypeList);
        Assert.Equal(TimeSpan.FromSeconds(2), demo.ReportInterval);
        Assert.Equal(80, demo.MaxPods);
        Assert.Equal(1, demo.Seed);
    }

    [Fact]
    public void Without_configuration_the_silo_embeds_the_emulator_on_4566_and_points_the_allocator_at_it()
    {
        var settings = Load();

        Assert.True(settings.EmulatorEmbedded);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), settings.EmulatorAddress);
        Assert.Equal("http://127.0.0.1:8080", settings.Http.Urls);
        Assert.Equal([new KeyValuePair<string, string?>("Fleet:Ec2:ServiceUrl", "http://127.0.0.1:4566/")], settings.DerivedConfiguration());
    }

    [Fact]
    public void An_outside_emulator_or_real_EC2_turns_the_embedded_emulator_off()
    {
        Assert.False(Load(("Fleet:Ec2:ServiceUrl", "http://127.0.0.1:5000/")).EmulatorEmbedded);
        var aws = Load(("Fleet:Ec2:Mode", "Aws"));
        Assert.False(aws.EmulatorEmbedded);
        Assert.Empty(aws.DerivedConfiguration());
    }

    [Fact]
    public void Redis_silos_do_not_each_embed_an_emulator_they_must_share_one()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Load(("Fleet:Clustering:Provider", "Redis"), ("Fleet:Clustering:ConnectionString", "127.0.0.1:6379")));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Ec2:ServiceUrl must point at an EC2 emulator", StringComparison.Ordinal));

        var shared = Load(("Fleet:Clustering:Provider", "Redis"), ("Fleet:Clustering:ConnectionString", "127.0.0.1:6379"), ("Fleet:Ec2:ServiceUrl", "http://127.0.0.1:4566/"));
        Assert.False(shared.EmulatorEmbedded);
        Assert.True(Load(("Fleet:Clustering:Provider", "Redis"), ("Fleet:Clustering:ConnectionString", "127.0.0.1:6379"), ("Fleet:Emulator:Enabled", "true")).EmulatorEmbedded);
    }

    [Fact]
    public void Aspnetcore_urls_are_honoured_when_Fleet_Http_Urls_is_not_set()
    {
        Assert.Equal("http://127.0.0.1:9090", Load(("urls", "http://127.0.0.1:9090")).Http.Urls);
        Assert.Equal("http://127.0.0.1:7070", Load(("urls", "http://127.0.0.1:9090"), ("Fleet:Http:Urls", "http://127.0.0.1:7070")).Http.Urls);
    }

    [Fact]
    public void A_non_loopback_address_with_a_token_is_accepted()
    {
        var settings = Load(("Fleet:Http:Urls", "http://0.0.0.0:8080"), ("Fleet:Http:BearerToken", "0123456789abcdef0123"));
        Assert.Equal("0123456789abcdef0123", settings.Http.BearerToken);
    }

    [Theory]
    [InlineData("Fleet:Http:Urls", "http://0.0.0.0:8080", "Fleet:Http:BearerToken")] // exposed without a token
    [InlineData("Fleet:Http:Urls", "http://*:8080", "Fleet:Http:BearerToken")] // every interface
    [InlineData("Fleet:Http:Urls", "http://10.1.2.3:8080;http://127.0.0.1:8080", "Fleet:Http:BearerToken")] // one exposed URL is enough
    [InlineData("Fleet:Http:Urls", "ftp://127.0.0.1:21", "Fleet:Http:Urls")]
    [InlineData("Fleet:Http:BearerToken", "short", "Fleet:Http:BearerToken")]
    [InlineData("Fleet:Http:MaxRequestBodyBytes", "10", "Fleet:Http:MaxRequestBodyBytes")]
    [InlineData("Fleet:Http:Url", "http://127.0.0.1:1", "Fleet:Http")] // a typo: unknown key
    [InlineData("Fleet:Clustering:Provider", "Redis", "Fleet:Clustering:ConnectionString")] // (and Fleet:Ec2:ServiceUrl)
    [InlineData("Fleet:Clustering:Provider", "Consul", "Fleet:Clustering")] // not a provider
    [InlineData("Fleet:Clustering:SiloPort", "abc", "Fleet:Clustering")]
    [InlineData("Fleet:Clustering:SiloPort", "70000", "Fleet:Clustering:SiloPort")]
    [InlineData("Fleet:Clustering:GatewayPort", "11111", "Fleet:Clustering:GatewayPort")] // same as the silo port
    [InlineData("Fleet:Clustering:ClusterId", "a b", "Fleet:Clustering:ClusterId")]
    [InlineData("Fleet:Clustering:ProbeTimeout", "00:00:00.001", "Fleet:Clustering:ProbeTimeout")]
    [InlineData("Fleet:Clustering:NumVotesForDeathDeclaration", "0", "Fleet:Clustering:NumVotesForDeathDeclaration")]
    [InlineData("Fleet:Clustering:Kubernetes", "true", "Fleet:Clustering:Kubernetes")] // needs Redis
    [InlineData("Fleet:Emulator:Port", "-1", "Fleet:Emulator:Port")]
    [InlineData("Fleet:Emulator:ConfigFile", "/nonexistent/region.json", "Fleet:Emulator:ConfigFile")]
    [InlineData("Fleet:Emulator:Enabled", "false", "Fleet:Ec2:ServiceUrl")] // Emulator mode with nothing to talk to
    [InlineData("Fleet:Demo:Nodes", "501", "Fleet:Demo:Nodes")]
    [InlineData("Fleet:Demo:InstanceTypes", "m5.large,q9.mega", "Fleet:Demo:InstanceTypes")]
    [InlineData("Fleet:Demo:ReportInterval", "00:00:00.010", "Fleet:Demo:ReportInterval")]
    [InlineData("Fleet:Demo:MaxPods", "0", "Fleet:Demo:MaxPods")]
    [InlineData("Fleet:Ec2:Region", "", "Fleet:Ec2:Region")]
    [InlineData("Fleet:Ec2:ServiceUrl", "not a url", "Fleet:Ec2:ServiceUrl")]
    [InlineData("Fleet:Http:ClusterTokens:prod", "short", "Fleet:Http:ClusterTokens:prod")]
    [InlineData("Fleet:Http:ClusterTokens:-bad", "0123456789abcdef0123", "Fleet:Http:ClusterTokens:-bad")] // not a cluster name
    [InlineData("Fleet:Cluster:Name", "a b", "Fleet:Cluster:Name")]
    [InlineData("Fleet:Cluster:Nmae", "prod", "Fleet:Cluster")] // a typo: unknown key
    [InlineData("Fleet:Throttle:ClusterWeights:prod", "0", "Fleet:Throttle:ClusterWeights:prod")]
    [InlineData("Fleet:Throttle:ClusterWeights:prod", "1001", "Fleet:Throttle:ClusterWeights:prod")]
    [InlineData("Fleet:Throttle:Buckets:AssignPrivateIpAddresses:Share", "1.5", "Fleet:Throttle:Buckets:AssignPrivateIpAddresses:Share")]
    public void A_bad_value_stops_start_up_with_an_error_naming_the_key(string key, string value, string named)
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Load((key, value)));
        Assert.Contains(error.Errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Cluster_tokens_alone_admit_a_non_loopback_address_but_no_two_callers_share_a_token()
    {
        var settings = Load(("Fleet:Http:Urls", "http://0.0.0.0:8080"), ("Fleet:Http:ClusterTokens:a", "cluster-a-token-0123456789"),
            ("Fleet:Http:ClusterTokens:b", "cluster-b-token-0123456789"));
        Assert.True(settings.Http.RequiresToken);
        Assert.Equal(["a", "b"], settings.Http.ClusterTokens.Keys.Order(StringComparer.Ordinal));

        var error = Assert.Throws<SiloConfigurationException>(() => Load(("Fleet:Http:BearerToken", "the-same-token-0123456789"),
            ("Fleet:Http:ClusterTokens:a", "the-same-token-0123456789")));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Http:ClusterTokens:a is the same token", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Errors, e => e.Contains("the-same-token", StringComparison.Ordinal));
    }

    [Fact]
    public void Fleet_0_1s_cluster_name_key_may_only_agree_with_Fleet_Cluster_Name()
    {
        Load(("Fleet:Cluster:Name", "prod"), ("Fleet:Allocator:ClusterName", "prod"));

        var error = Assert.Throws<SiloConfigurationException>(() => Load(("Fleet:Cluster:Name", "prod"), ("Fleet:Allocator:ClusterName", "staging")));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Cluster:Name ('prod') and Fleet:Allocator:ClusterName ('staging')", StringComparison.Ordinal));
    }

    [Fact]
    public void The_demo_needs_the_embedded_emulator()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Load(("Fleet:Demo:Nodes", "3"), ("Fleet:Ec2:Mode", "Aws")));
        Assert.Contains(error.Errors, e => e.StartsWith("Fleet:Demo:Nodes needs the embedded EC2 emulator", StringComparison.Ordinal));
    }

    [Fact]
    public void The_emulator_cannot_be_embedded_against_real_EC2()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Load(("Fleet:Emulator:Enabled", "true"), ("Fleet:Ec2:Mode", "Aws")));
        Assert.Contains(error.Errors, e => e.Contains("Fleet:Emulator:Enabled cannot be true", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => Load(("Fleet:Demo:Nodes", "-1"), ("Fleet:Clustering:NumMissedProbesLimit", "0")));
        Assert.Equal(2, error.Errors.Count);
        Assert.Contains("Fleet:Demo:Nodes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fleet:Clustering:NumMissedProbesLimit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_refuses_to_build_when_exposed_without_a_token_and_never_shows_a_token()
    {
        var exposed = Assert.Throws<SiloConfigurationException>(() => FleetSiloHost.CreateBuilder(["--Fleet:Http:Urls=http://0.0.0.0:18099"]));
        Assert.Contains("Fleet:Http:BearerToken must be set", exposed.Message, StringComparison.Ordinal);

        var shortToken = Assert.Throws<SiloConfigurationException>(() => FleetSiloHost.CreateBuilder(["--Fleet:Http:BearerToken=hunter2"]));
        Assert.DoesNotContain("hunter2", shortToken.Message, StringComparison.Ordinal);
    }
}
