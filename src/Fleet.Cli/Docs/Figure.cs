using System.Globalization;
using System.Text.Json.Nodes;

namespace Fleet.Cli.Docs;

/// <summary>
/// One JSON file a table is rendered from, read with paths like <c>policies[0].podWait.p99</c>; a missing file or
/// field is a <see cref="DocTableException"/> naming both. Numbers format the same way everywhere: counts with
/// thousands separators, seconds with one decimal.
/// </summary>
internal sealed class Figure
{
    private readonly JsonNode _root;

    private Figure(string path, JsonNode root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>The file, relative to the repository root.</summary>
    public string Path { get; }

    /// <summary>Reads <paramref name="path"/> (relative to <paramref name="root"/>).</summary>
    public static Figure Load(string root, string path)
    {
        var full = System.IO.Path.Combine(root, path);
        if (!File.Exists(full))
        {
            throw new DocTableException($"{path} does not exist (the command that writes it is in the document, next to the table)");
        }

        return new Figure(path, JsonNode.Parse(File.ReadAllText(full)) ?? throw new DocTableException($"{path} is empty"));
    }

    /// <summary>The node at a path, or null when absent.</summary>
    public JsonNode? Find(string path) => Walk(_root, path);

    /// <summary>The node at a path; throws when absent.</summary>
    public JsonNode Get(string path) => Find(path) ?? throw new DocTableException($"{Path} has no '{path}'");

    public double Number(string path) => Get(path).GetValue<double>();

    public long Long(string path) => (long)Math.Round(Number(path));

    public string Text(string path) => Get(path).GetValue<string>();

    public bool Flag(string path) => Get(path).GetValue<bool>();

    /// <summary>The elements of an array.</summary>
    public IReadOnlyList<JsonNode> Items(string path) => [.. (Get(path) as JsonArray ?? throw new DocTableException($"{Path}: '{path}' is not an array")).Select(n => n!)];

    /// <summary>A policy's figures by name (bench JSON).</summary>
    public JsonNode Policy(string name) =>
        Items("policies").FirstOrDefault(p => (string?)p["policy"] == name) ?? throw new DocTableException($"{Path} has no policy '{name}'");

    public static JsonNode Req(JsonNode node, string path, string file) => Walk(node, path) ?? throw new DocTableException($"{file} has no '{path}'");

    /// <summary>The value at <paramref name="path"/> under <paramref name="node"/>, or null where the file has none.</summary>
    public static JsonNode? Opt(JsonNode node, string path) => Walk(node, path);

    public static string Count(double value) => Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture);

    public static string Seconds(double value, int decimals = 1) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ratio(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    private static JsonNode? Walk(JsonNode node, string path)
    {
        JsonNode? at = node;
        foreach (var part in path.Split('.'))
        {
            var name = part;
            int? index = null;
            if (part.EndsWith(']') && part.IndexOf('[', StringComparison.Ordinal) is var open and > 0)
            {
                index = int.Parse(part[(open + 1)..^1], CultureInfo.InvariantCulture);
                name = part[..open];
            }

            at = at is JsonObject o && o.TryGetPropertyValue(name, out var child) ? child : null;
            if (index is { } i)
            {
                at = at is JsonArray a && i < a.Count ? a[i] : null;
            }

            if (at is null)
            {
                return null;
            }
        }

        return at;
    }
}
