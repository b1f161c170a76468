using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Ec2.Port;
using YamlDotNet.RepresentationModel;

namespace Fleet.Silo.Tests;

/// <summary>
/// What can be checked of <c>deploy/</c> besides the chart's rendering (Deploy/ChartTests): the YAML parses, the chart's
/// templates only name values that exist, the IAM policy is valid JSON naming exactly the EC2 actions Fleet calls, the
/// image builds in stages and runs as non-root, and the compose cluster publishes what the CLI needs.
/// </summary>
public sealed partial class DeployTests
{
    private static readonly string s_deploy = Path.Combine(FindRepositoryRoot(), "deploy");
    private static readonly string s_chart = Path.Combine(s_deploy, "helm", "fleet");

    /// <summary>The EC2 action each <see cref="IEc2Port"/> operation sends.</summary>
    private static string ActionOf(string method) => method switch
    {
        nameof(IEc2Port.SetDeleteOnTerminationAsync) => "ModifyNetworkInterfaceAttribute",
        _ => method.EndsWith("Async", StringComparison.Ordinal) ? method[..^"Async".Length] : method,
    };

    [Fact]
    public void The_iam_policy_names_exactly_the_ec2_actions_fleet_calls_plus_tagging_at_creation()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_deploy, "iam-policy.json")));
        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var actions = statements.SelectMany(s => Strings(s.GetProperty("Action"))).ToHashSet(StringComparer.Ordinal);

        var expected = typeof(IEc2Port).GetMethods().Select(m => "ec2:" + ActionOf(m.Name)).Append("ec2:CreateTags").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected.Order(), actions.Order());
        Assert.All(statements, s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
    }

    [Fact]
    public void Mutations_are_conditioned_on_fleets_tags_where_ec2_supports_it()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_deploy, "iam-policy.json")));
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        JsonElement Statement(string action, string resource) => statements.Single(s =>
            Strings(s.GetProperty("Action")).Contains("ec2:" + action) && Strings(s.GetProperty("Resource")).Any(r => r.Contains(resource, StringComparison.Ordinal)));

        Assert.Equal("fleet", Statement("CreateNetworkInterface", "network-interface/").GetProperty("Condition").GetProperty("StringEquals")
            .GetProperty("aws:RequestTag/fleet.io/cluster").GetString());
        Assert.Equal("CreateNetworkInterface", Statement("CreateTags", "network-interface/").GetProperty("Condition").GetProperty("StringEquals")
            .GetProperty("ec2:CreateAction").GetString());
        foreach (var action in new[] { "AttachNetworkInterface", "ModifyNetworkInterfaceAttribute", "DeleteNetworkInterface" })
        {
            Assert.Equal("fleet", Statement(action, "network-interface/").GetProperty("Condition").GetProperty("StringEquals")
                .GetProperty("aws:ResourceTag/fleet.io/cluster").GetString());
        }
    }

    [Theory]
    [InlineData("compose.yaml")]
    [InlineData("helm/fleet/Chart.yaml")]
    [InlineData("helm/fleet/values.yaml")]
    [InlineData("helm/fleet/values-production.yaml")]
    public void The_yaml_parses(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(s_deploy, file))));
        Assert.NotEmpty(stream.Documents);
        Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
    }

    [Fact]
    public void The_compose_file_runs_redis_the_emulator_and_three_silos_publishing_http_and_gateway_on_loopback()
    {
        var services = ComposeServices();
        Assert.Equal(["emulator", "redis", "silo1", "silo2", "silo3"], services.Children.Keys.Select(k => k.ToString()).Order());
        foreach (var (silo, i) in new[] { "silo1", "silo2", "silo3" }.Select((s, i) => (s, i + 1)))
        {
            var ports = ((YamlSequenceNode)((YamlMappingNode)services[silo])["ports"]).Children.Select(p => p.ToString()).ToList();
            Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));
            Assert.Contains($"127.0.0.1:3000{i}:30000", ports); // the gateway, for the CLI
        }
    }

    [Fact]
    public void The_compose_clusters_throttle_key_is_the_clis_default()
    {
        var environment = (YamlMappingNode)((YamlMappingNode)ComposeServices()["silo1"])["environment"];
        string Setting(string key, string fallback) => environment.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.ToString() : fallback;
        var ec2 = new Fleet.Ec2.Aws.Ec2Options();

        var key = $"{Setting("Fleet__Ec2__AccountId", ec2.AccountId)}/{Setting("Fleet__Ec2__Region", ec2.Region)}";

        Assert.Equal(new Fleet.Client.FleetClientOptions().ThrottleKey, key);
    }

    [Fact]
    public void The_chart_templates_name_only_values_that_exist()
    {
        var values = new YamlStream();
        values.Load(new StringReader(File.ReadAllText(Path.Combine(s_chart, "values.yaml"))));
        var root = (YamlMappingNode)values.Documents[0].RootNode;
        var templates = Directory.GetFiles(Path.Combine(s_chart, "templates"));
        Assert.Contains(templates, t => t.EndsWith("deployment.yaml", StringComparison.Ordinal));
        foreach (var template in templates)
        {
            var text = File.ReadAllText(template);
            Assert.Equal(Regex.Count(text, "{{"), Regex.Count(text, "}}"));
            foreach (Match reference in ValuesReference().Matches(text))
            {
                Assert.True(Exists(root, reference.Groups[1].Value.Split('.')), $"{Path.GetFileName(template)} uses .Values.{reference.Groups[1].Value}, which values.yaml lacks");
            }
        }
    }

    [Fact]
    public void The_image_is_built_in_stages_and_runs_as_a_non_root_user()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(s_deploy, "Dockerfile"));
        var stages = dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Contains(stages, s => s.Contains("dotnet/sdk", StringComparison.Ordinal) && s.EndsWith(" AS build", StringComparison.Ordinal));
        Assert.Contains(stages, s => s.Contains("dotnet/aspnet", StringComparison.Ordinal) && s.EndsWith(" AS silo", StringComparison.Ordinal));
        Assert.EndsWith(" AS silo", stages[^1], StringComparison.Ordinal); // the default target
        Assert.Equal(2, dockerfile.Count(l => l == "USER $APP_UID"));
    }

    private static bool Exists(YamlMappingNode root, string[] path)
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return false;
            }

            node = child;
        }

        return true;
    }

    private static YamlMappingNode ComposeServices()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(s_deploy, "compose.yaml"))));
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
    }

    private static IEnumerable<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!) : [element.GetString()!];

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Fleet.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Fleet.sln not found above the test assembly.");
    }

    [GeneratedRegex(@"\.Values\.([A-Za-z0-9_.]+)")]
    private static partial Regex ValuesReference();
}
