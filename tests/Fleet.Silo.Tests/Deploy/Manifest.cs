using YamlDotNet.RepresentationModel;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>Reading rendered Kubernetes objects: kinds, the silo container, ports, the ConfigMap and NetworkPolicy rules.</summary>
internal static class Manifest
{
    public static string Kind(YamlMappingNode o) => o["kind"].ToString();

    public static YamlMappingNode Single(IReadOnlyList<YamlMappingNode> objects, string kind) => objects.Single(o => Kind(o) == kind);

    /// <summary>The node at a path of mapping keys.</summary>
    public static YamlNode Path(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child)
                ? child
                : throw new KeyNotFoundException($"no '{key}' in {node}");
        }

        return node;
    }

    /// <summary>A sequence of mappings under <paramref name="key"/> (empty when absent).</summary>
    public static IReadOnlyList<YamlMappingNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var list) ? [.. ((YamlSequenceNode)list).Children.Cast<YamlMappingNode>()] : [];

    /// <summary>The silo container of the Deployment.</summary>
    public static YamlMappingNode Container(IReadOnlyList<YamlMappingNode> objects) =>
        (YamlMappingNode)((YamlSequenceNode)Path(Single(objects, "Deployment"), "spec", "template", "spec", "containers")).Single();

    /// <summary>The container port of that name, or null.</summary>
    public static string? ContainerPort(IReadOnlyList<YamlMappingNode> objects, string name) =>
        Sequence(Container(objects), "ports").SingleOrDefault(p => p["name"].ToString() == name)?["containerPort"].ToString();

    public static IReadOnlyList<YamlMappingNode> ServicePorts(IReadOnlyList<YamlMappingNode> objects) =>
        Sequence((YamlMappingNode)Path(Single(objects, "Service"), "spec"), "ports");

    /// <summary>The ConfigMap's data.</summary>
    public static Dictionary<string, string> Data(IReadOnlyList<YamlMappingNode> objects) =>
        ((YamlMappingNode)Path(Single(objects, "ConfigMap"), "data")).Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString(), StringComparer.Ordinal);

    public static IReadOnlyList<YamlMappingNode> IngressRules(IReadOnlyList<YamlMappingNode> objects) =>
        Sequence((YamlMappingNode)Path(Single(objects, "NetworkPolicy"), "spec"), "ingress");

    /// <summary>The port names a NetworkPolicy rule opens.</summary>
    public static IReadOnlyList<string> RulePorts(YamlMappingNode rule) => [.. Sequence(rule, "ports").Select(p => p["port"].ToString())];
}
