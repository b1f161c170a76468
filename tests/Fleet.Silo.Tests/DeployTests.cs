using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Ec2.Port;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Fleet.Silo.Tests;

/// <summary>
/// What can be checked of <c>deploy/</c> on this machine: the YAML parses, the chart's templates only name values
/// that exist (and render, when <c>helm</c> is installed: it is not on the project's machines), the IAM policy is
/// valid JSON naming exactly the EC2 actions Fleet calls, and the image builds in stages and runs as non-root.
/// </summary>
public sealed partial class DeployTests(ITestOutputHelper output)
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
    public void The_yaml_parses(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(s_deploy, file))));
        Assert.NotEmpty(stream.Documents);
        Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
    }

    [Fact]
    public void The_compose_file_runs_redis_the_emulator_and_three_silos_on_loopback_ports()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(s_deploy, "compose.yaml"))));
        var services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
        Assert.Equal(["emulator", "redis", "silo1", "silo2", "silo3"], services.Children.Keys.Select(k => k.ToString()).Order());
        foreach (var silo in new[] { "silo1", "silo2", "silo3" })
        {
            var ports = (YamlSequenceNode)((YamlMappingNode)services[silo])["ports"];
            Assert.StartsWith("127.0.0.1:", ports.Children.Single().ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_chart_templates_name_only_values_that_exist_and_render_when_helm_is_available()
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

        var deployment = File.ReadAllText(Path.Combine(s_chart, "templates", "deployment.yaml"));
        Assert.Contains("path: {{ .Values.probes.liveness.path }}", deployment, StringComparison.Ordinal);
        Assert.Equal("/healthz", ((YamlMappingNode)((YamlMappingNode)root["probes"])["liveness"])["path"].ToString());
        Assert.Equal("/readyz", ((YamlMappingNode)((YamlMappingNode)root["probes"])["readiness"])["path"].ToString());
        Assert.Contains("eks.amazonaws.com/role-arn", File.ReadAllText(Path.Combine(s_chart, "values.yaml")), StringComparison.Ordinal);

        var helm = FindOnPath("helm");
        if (helm is null)
        {
            output.WriteLine("helm is not installed here: templates checked for values references only, not rendered.");
            return;
        }

        var rendered = Run(helm, "template", "fleet", s_chart, "--set", "http.token=0123456789abcdef0123");
        var documents = new YamlStream();
        documents.Load(new StringReader(rendered));
        Assert.Contains(documents.Documents, d => ((YamlMappingNode)d.RootNode)["kind"].ToString() == "Deployment");
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

    private static IEnumerable<string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().Select(e => e.GetString()!) : [element.GetString()!];

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed: {stderr}");
        return stdout.Result;
    }

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
