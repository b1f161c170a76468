using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// <c>helm template</c> for Fleet's chart, on machines without helm: values.yaml, then each <c>-f</c> file, then
/// <c>--set</c> pairs, deep-merged as Helm merges them; every template rendered with <c>.Values</c>, <c>.Chart</c>,
/// <c>.Release</c> and <c>.Template</c>; the output parsed as Kubernetes objects. <see cref="TemplateException"/> is
/// what <c>helm</c> would print for a <c>required</c> or <c>fail</c>.
/// </summary>
internal sealed class HelmChart(string directory)
{
    /// <summary>The chart's metadata (Chart.yaml), as templates see it under <c>.Chart</c>.</summary>
    public Dictionary<string, object?> Chart { get; } = Capitalized((Dictionary<string, object?>)ReadYaml(Path.Combine(directory, "Chart.yaml"))!);

    /// <summary>The chart's default values.</summary>
    public Dictionary<string, object?> DefaultValues => (Dictionary<string, object?>)ReadYaml(Path.Combine(directory, "values.yaml"))!;

    /// <summary>Renders every template (values files as <c>-f</c>, pairs as <c>--set</c>); returns the Kubernetes objects.</summary>
    public IReadOnlyList<YamlMappingNode> Render(IEnumerable<string>? valueFiles = null, IEnumerable<(string Path, string Value)>? set = null)
    {
        var values = DefaultValues;
        foreach (var file in valueFiles ?? [])
        {
            Merge(values, (Dictionary<string, object?>)ReadYaml(file)!);
        }

        foreach (var (path, value) in set ?? [])
        {
            var keys = path.Split('.');
            var map = values;
            foreach (var key in keys[..^1])
            {
                map = map.GetValueOrDefault(key) as Dictionary<string, object?> ?? (Dictionary<string, object?>)(map[key] = new Dictionary<string, object?>());
            }

            map[keys[^1]] = Plain(value); // --set reads numbers and booleans as such
        }

        var templatesDirectory = Path.Combine(directory, "templates");
        var basePath = $"{Chart["Name"]}/templates";
        var defines = new Dictionary<string, IReadOnlyList<TemplateNode>>(StringComparer.Ordinal);
        var files = Directory.GetFiles(templatesDirectory).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            defines[$"{basePath}/{Path.GetFileName(file)}"] = GoTemplateParser.Parse(Path.GetFileName(file), File.ReadAllText(file), defines);
        }

        var renderer = new GoTemplateRenderer(defines);
        var objects = new List<YamlMappingNode>();
        foreach (var file in files.Where(f => !Path.GetFileName(f).StartsWith('_') && f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var name = $"{basePath}/{Path.GetFileName(file)}";
            var data = new Dictionary<string, object?>
            {
                ["Values"] = values,
                ["Chart"] = Chart,
                ["Release"] = new Dictionary<string, object?> { ["Name"] = "fleet", ["Namespace"] = "fleet", ["Service"] = "Helm" },
                ["Template"] = new Dictionary<string, object?> { ["Name"] = name, ["BasePath"] = basePath },
            };
            var text = renderer.Render(name, data);
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw new TemplateException($"{name} renders YAML that does not parse ({e.Message}):\n{text}");
            }

            objects.AddRange(stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>());
        }

        return objects;
    }

    /// <summary>A YAML file as Helm's data: maps, lists, strings, doubles, booleans, null.</summary>
    public static object? ReadYaml(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return stream.Documents.Count == 0 ? new Dictionary<string, object?>() : Convert(stream.Documents[0].RootNode);
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => Convert(kv.Value), StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Convert).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? string.Empty),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new TemplateException($"unexpected YAML node {node.NodeType}"),
    };

    private static object? Plain(string text) => text switch
    {
        "" or "~" or "null" => null,
        "true" => true,
        "false" => false,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        _ => text,
    };

    private static void Merge(Dictionary<string, object?> into, Dictionary<string, object?> from)
    {
        foreach (var (key, value) in from)
        {
            if (value is Dictionary<string, object?> child && into.GetValueOrDefault(key) is Dictionary<string, object?> existing)
            {
                Merge(existing, child);
            }
            else
            {
                into[key] = value;
            }
        }
    }

    /// <summary>Chart.yaml's keys as templates name them (<c>appVersion</c> → <c>.Chart.AppVersion</c>).</summary>
    private static Dictionary<string, object?> Capitalized(Dictionary<string, object?> chart) =>
        chart.ToDictionary(kv => char.ToUpperInvariant(kv.Key[0]) + kv.Key[1..], kv => kv.Value, StringComparer.Ordinal);
}
