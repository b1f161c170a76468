using System.Globalization;
using System.Text;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>Go's view of Helm's data: printing (<c>%v</c>), truthiness, field access, comparison and YAML output.</summary>
internal static class GoValues
{
    /// <summary>Go's <c>%v</c>; nil prints as nothing, as Helm renders a missing value.</summary>
    public static string Print(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => Number(d),
        Dictionary<string, object?> map => "map[" + string.Join(' ', map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{Print(kv.Value)}")) + "]",
        List<object?> list => "[" + string.Join(' ', list.Select(Print)) + "]",
        _ => throw new TemplateException($"cannot print a {value.GetType().Name}"),
    };

    /// <summary>A float64 as Go's <c>%v</c> prints it: integers in full below 1e21, else the shortest round-trip form.</summary>
    public static string Number(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e21 ? d.ToString("0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>A string argument (Go would refuse anything else where a string is needed; numbers print).</summary>
    public static string String(object? value) => value is string s ? s : Print(value);

    /// <summary>Go templates' truth: false, 0, nil and empty strings, maps and lists are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0,
        string s => s.Length > 0,
        Dictionary<string, object?> map => map.Count > 0,
        List<object?> list => list.Count > 0,
        _ => true,
    };

    /// <summary>Follows a field chain through maps; a missing key is nil, as in Helm.</summary>
    public static object? Walk(object? value, IReadOnlyList<string> path)
    {
        foreach (var field in path)
        {
            value = value switch
            {
                null => null,
                Dictionary<string, object?> map => map.GetValueOrDefault(field),
                _ => throw new TemplateException($"can't evaluate field {field} in a {value.GetType().Name}"),
            };
        }

        return value;
    }

    /// <summary>Go's <c>eq</c>: same kind and value (numbers compared as numbers).</summary>
    public static bool Equal(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        (null, _) or (_, null) => false,
        _ when a.GetType() != b.GetType() => throw new TemplateException($"incompatible types for comparison: {Print(a)} and {Print(b)}"),
        _ => false,
    };

    /// <summary>YAML for a value, keys sorted as Helm's toYaml writes them, without a trailing newline.</summary>
    public static string ToYaml(object? value)
    {
        var output = new StringBuilder();
        WriteYaml(output, value, 0);
        return output.ToString().TrimEnd('\n');
    }

    private static void WriteYaml(StringBuilder output, object? value, int indent)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case Dictionary<string, object?> { Count: 0 }:
                output.Append("{}\n");
                break;
            case List<object?> { Count: 0 }:
                output.Append("[]\n");
                break;
            case Dictionary<string, object?> map:
                foreach (var (key, item) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    output.Append(pad).Append(Scalar(key)).Append(':');
                    WriteChild(output, item, indent + 2);
                }

                break;
            case List<object?> list:
                foreach (var item in list)
                {
                    output.Append(pad).Append('-');
                    if (item is Dictionary<string, object?> { Count: > 0 } entry)
                    {
                        // "- key: value" then the other keys under it, as go-yaml writes a list of maps.
                        var nested = new StringBuilder();
                        WriteYaml(nested, entry, indent + 2);
                        output.Append(' ').Append(nested.ToString()[(indent + 2)..]);
                    }
                    else
                    {
                        WriteChild(output, item, indent + 2);
                    }
                }

                break;
            default:
                output.Append(pad).Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder output, object? item, int indent)
    {
        if (item is Dictionary<string, object?> { Count: > 0 } or List<object?> { Count: > 0 })
        {
            output.Append('\n');
            WriteYaml(output, item, indent);
        }
        else
        {
            output.Append(' ');
            WriteYaml(output, item, 0);
        }
    }

    private static string Scalar(object? value) => value switch
    {
        null => "null",
        string s when NeedsQuotes(s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"",
        string s => s,
        _ => Print(value),
    };

    private static bool NeedsQuotes(string s) =>
        s.Length == 0 || s.Trim() != s || s is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "~"
        || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || s.IndexOfAny([':', '#', '\n', '"', '\'', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0
        || s[0] is '-' or '?';
}
