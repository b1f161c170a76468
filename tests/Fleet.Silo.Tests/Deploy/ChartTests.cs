using System.Xml.Linq;
using Fleet.Silo.Hosting;
using Fleet.Testing;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// The Helm chart rendered as <c>helm template</c> would (helm is not installed here: <see cref="HelmChart"/> renders the
/// subset of Go templates the chart uses) with its default values and with values-production.yaml, and checked for
/// what a platform team relies on: the image the documented build makes, metrics scrapable without the API token, the
/// gateway published only with TLS, a NetworkPolicy, probes, resources, and a configuration the silo accepts.
/// </summary>
public sealed class ChartTests
{
    private const string Token = "chart-test-token-0123456789";
    private static readonly string s_chartDirectory = Path.Combine(RepoPaths.Root, "deploy", "helm", "fleet");
    private static readonly string s_production = Path.Combine(s_chartDirectory, "values-production.yaml");
    private readonly HelmChart _chart = new(s_chartDirectory);

    private IReadOnlyList<YamlMappingNode> Default() => _chart.Render(set: [("http.token", Token)]);

    private IReadOnlyList<YamlMappingNode> Production() => _chart.Render([s_production]);

    [Fact]
    public void The_default_values_render_the_silos_objects_and_a_network_policy()
    {
        var kinds = Default().Select(o => Manifest.Kind(o)).Order(StringComparer.Ordinal);

        Assert.Equal(["ConfigMap", "Deployment", "NetworkPolicy", "Role", "RoleBinding", "Secret", "Service", "ServiceAccount"], kinds);
        Assert.Contains("ServiceMonitor", Production().Select(o => Manifest.Kind(o)));
    }

    [Theory]
    [InlineData(null, "set http.token")] // no token: the silo would refuse to start
    [InlineData("gateway.enabled", "gateway.enabled needs gateway.tls.existingSecret")] // a gateway without its certificate
    [InlineData("metrics.port", "metrics.port must differ")]
    public void A_values_mistake_stops_rendering_with_a_message_naming_the_value(string? key, string message)
    {
        (string, string)[] set = key switch
        {
            null => [],
            "gateway.enabled" => [("http.token", Token), (key, "true")],
            _ => [("http.token", Token), (key, "8080")],
        };
        var error = Assert.Throws<TemplateException>(() => _chart.Render(set: set));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_is_the_one_the_documented_build_makes_and_pushes()
    {
        var version = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props")).Descendants("Version").Single().Value;
        var operations = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "operations.md"));

        Assert.Equal(version, _chart.Chart["AppVersion"]);
        Assert.Contains($"docker build -f deploy/Dockerfile -t $REGISTRY/fleet-silo:{version} .", operations, StringComparison.Ordinal);
        Assert.Contains($"docker push $REGISTRY/fleet-silo:{version}", operations, StringComparison.Ordinal);
        Assert.Contains("--set image.registry=$REGISTRY", operations, StringComparison.Ordinal);
        Assert.Equal($"fleet-silo:{version}", Manifest.Container(Default())["image"].ToString());
        Assert.Equal($"123456789012.dkr.ecr.us-east-1.amazonaws.com/fleet-silo:{version}", Manifest.Container(Production())["image"].ToString());
    }

    [Fact]
    public void Metrics_are_served_on_their_own_port_without_the_token_and_announced_to_prometheus()
    {
        foreach (var objects in new[] { Default(), Production() })
        {
            var config = Manifest.Data(objects);
            Assert.Equal("http://0.0.0.0:9464", config["Fleet__Metrics__Urls"]); // Fleet:Metrics:Urls: /metrics only, no token
            Assert.Equal("9464", Manifest.ContainerPort(objects, "metrics"));
            Assert.Contains(Manifest.ServicePorts(objects), p => p["name"].ToString() == "metrics");
            Assert.Contains(Manifest.IngressRules(objects), r => Manifest.RulePorts(r).Contains("metrics"));
        }

        var annotations = (YamlMappingNode)Manifest.Path(Manifest.Single(Default(), "Deployment"), "spec", "template", "metadata", "annotations");
        Assert.Equal("true", annotations["prometheus.io/scrape"].ToString());
        Assert.Equal("9464", annotations["prometheus.io/port"].ToString());

        var monitor = Manifest.Single(Production(), "ServiceMonitor");
        var endpoint = (YamlMappingNode)((YamlSequenceNode)Manifest.Path(monitor, "spec", "endpoints")).Single();
        Assert.Equal("metrics", endpoint["port"].ToString());
        Assert.Equal("/metrics", endpoint["path"].ToString());
        Assert.False(endpoint.Children.ContainsKey("bearerTokenSecret")); // nothing to configure: the port needs no token
    }

    [Fact]
    public void The_gateway_is_published_only_with_tls_and_client_certificates()
    {
        var closed = Default();
        Assert.Equal("0", Manifest.Data(closed)["Fleet__Clustering__GatewayPort"]); // no gateway at all
        Assert.DoesNotContain(Manifest.ServicePorts(closed), p => p["name"].ToString() == "gateway");
        Assert.Null(Manifest.ContainerPort(closed, "gateway"));

        var open = Production();
        var config = Manifest.Data(open);
        Assert.Contains(Manifest.ServicePorts(open), p => p["name"].ToString() == "gateway" && p["port"].ToString() == "30000");
        Assert.Equal("true", config["Fleet__Clustering__GatewayTls__Enabled"]);
        var mount = Manifest.Sequence(Manifest.Container(open), "volumeMounts").Single(m => m["name"].ToString() == "gateway-tls");
        Assert.Equal($"{mount["mountPath"]}/gateway.pfx", config["Fleet__Clustering__GatewayTls__CertificatePath"]);
        Assert.Equal($"{mount["mountPath"]}/client-ca.pem", config["Fleet__Clustering__GatewayTls__ClientAuthorityPath"]);
        var volume = (YamlMappingNode)((YamlSequenceNode)Manifest.Path(Manifest.Single(open, "Deployment"), "spec", "template", "spec", "volumes"))
            .Single(v => ((YamlMappingNode)v)["name"].ToString() == "gateway-tls");
        Assert.Equal("fleet-gateway-tls", Manifest.Path(volume, "secret", "secretName").ToString());
        var gatewayRule = Manifest.IngressRules(open).Single(r => Manifest.RulePorts(r).Contains("gateway"));
        Assert.True(gatewayRule.Children.ContainsKey("from"), "the gateway's NetworkPolicy rule names who may connect");
    }

    [Fact]
    public void Cluster_tokens_come_from_a_secret_whose_keys_are_cluster_names()
    {
        Assert.DoesNotContain(Manifest.Sequence(Manifest.Container(Default()), "envFrom"), e => e.Children.ContainsKey("secretRef"));

        var objects = _chart.Render(set: [("http.token", Token), ("http.clusterTokensSecret", "fleet-cluster-tokens")]);

        var fromSecret = Manifest.Sequence(Manifest.Container(objects), "envFrom").Single(e => e.Children.ContainsKey("secretRef"));
        Assert.Equal("fleet-cluster-tokens", Manifest.Path(fromSecret, "secretRef", "name").ToString());
        // A key "staging" becomes Fleet__Http__ClusterTokens__staging, which the silo reads as the staging cluster's token.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new($"{fromSecret["prefix"]}staging".Replace("__", ":", StringComparison.Ordinal), "staging-token-0123456789"),
            new("Fleet:Http:BearerToken", Token),
            new("Fleet:Clustering:ConnectionString", "redis:6379"),
        ]).Build();
        Assert.Equal("staging-token-0123456789", SiloSettings.Load(configuration).Http.ClusterTokens["staging"]);
    }

    [Fact]
    public void Only_the_releases_own_silos_reach_the_silo_port_and_every_container_port_has_a_rule()
    {
        foreach (var objects in new[] { Default(), Production() })
        {
            var rules = Manifest.IngressRules(objects);
            var silo = rules.Single(r => Manifest.RulePorts(r).Contains("silo"));
            var from = (YamlMappingNode)((YamlSequenceNode)silo["from"]).Single();
            Assert.Equal(Manifest.Path(Manifest.Single(objects, "Deployment"), "spec", "selector", "matchLabels").ToString(),
                Manifest.Path(from, "podSelector", "matchLabels").ToString());
            var ports = Manifest.Sequence(Manifest.Container(objects), "ports").Select(p => p["name"].ToString());
            Assert.All(ports, port => Assert.Contains(rules, r => Manifest.RulePorts(r).Contains(port)));
        }
    }

    [Fact]
    public void Probes_resources_and_a_locked_down_container_are_set()
    {
        foreach (var objects in new[] { Default(), Production() })
        {
            var container = Manifest.Container(objects);
            Assert.Equal("/healthz", Manifest.Path(container, "livenessProbe", "httpGet", "path").ToString());
            Assert.Equal("/readyz", Manifest.Path(container, "readinessProbe", "httpGet", "path").ToString());
            Assert.Equal("http", Manifest.Path(container, "readinessProbe", "httpGet", "port").ToString());
            Assert.NotEmpty(Manifest.Path(container, "resources", "requests", "cpu").ToString());
            Assert.NotEmpty(Manifest.Path(container, "resources", "limits", "memory").ToString());
            Assert.Equal("true", Manifest.Path(container, "securityContext", "readOnlyRootFilesystem").ToString());
            Assert.Equal("true", Manifest.Path(Manifest.Single(objects, "Deployment"), "spec", "template", "spec", "securityContext", "runAsNonRoot").ToString());
        }
    }

    [Fact]
    public async Task The_silo_accepts_the_configuration_the_chart_gives_it()
    {
        using var certificates = await GatewayCertificateFiles.MakeAsync();
        foreach (var (objects, files) in new[] { (Default(), false), (Production(), true) })
        {
            var settings = Manifest.Data(objects)
                .Select(kv => (Key: kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value))
                .Select(kv => files && kv.Key.EndsWith("Path", StringComparison.Ordinal) && kv.Value.StartsWith("/etc/fleet/gateway/", StringComparison.Ordinal)
                    ? (kv.Key, kv.Value.EndsWith(".pfx", StringComparison.Ordinal) ? certificates.Gateway : certificates.Authority) : kv)
                .Append(("Fleet:Http:BearerToken", Token))
                .Append(("Fleet:Clustering:ConnectionString", "redis:6379"));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Item1, s.Item2))).Build();

            var loaded = SiloSettings.Load(configuration);

            Assert.Equal(files, GatewayTls.IsOn(loaded.Clustering));
            Assert.Equal("http://0.0.0.0:9464", loaded.Metrics.Urls);
        }
    }

    [Fact]
    public void Every_value_the_production_file_sets_is_one_the_chart_has()
    {
        string[] freeForm = ["affinity", "resources", "podAnnotations", "nodeSelector", "tolerations", "labels", "httpFrom", "metricsFrom", "gatewayFrom", "buckets", "annotations"];
        var defaults = _chart.DefaultValues;
        foreach (var path in Paths((Dictionary<string, object?>)HelmChart.ReadYaml(s_production)!, []))
        {
            if (path.Any(freeForm.Contains))
            {
                continue;
            }

            Assert.True(GoValues.Walk(defaults, path) is not null || Exists(defaults, path), $"values-production.yaml sets {string.Join('.', path)}, which values.yaml does not have");
        }
    }

    private static IEnumerable<string[]> Paths(Dictionary<string, object?> map, string[] prefix) =>
        map.SelectMany(kv => kv.Value is Dictionary<string, object?> child ? Paths(child, [.. prefix, kv.Key]) : new[] { (string[])[.. prefix, kv.Key] });

    private static bool Exists(Dictionary<string, object?> map, string[] path) =>
        path.Length == 1 ? map.ContainsKey(path[0]) : map.GetValueOrDefault(path[0]) is Dictionary<string, object?> child && Exists(child, path[1..]);
}
