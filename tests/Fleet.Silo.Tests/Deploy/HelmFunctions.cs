using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Silo.Tests.Deploy;

/// <summary>
/// The template functions Fleet's chart calls, with Go's and Sprig's semantics (argument order: a piped value comes
/// last). <c>include</c> is the renderer's own. An unknown function is an error, so the chart cannot silently use one
/// this renderer does not know.
/// </summary>
internal static partial class HelmFunctions
{
    public static object? Call(string name, IReadOnlyList<object?> a) => name switch
    {
        "quote" => string.Join(' ', a.Where(v => v is not null).Select(v => Quote(GoValues.String(v)))),
        "print" => Sprint(a),
        "printf" => Printf(GoValues.String(a[0]), a.Skip(1).ToList()),
        "default" => a.Count < 2 || !GoValues.IsTrue(a[1]) ? a[0] : a[1],
        "required" => a.Count > 1 && a[1] is not null && !(a[1] is string { Length: 0 }) ? a[1] : throw new TemplateException(GoValues.String(a[0])),
        "fail" => throw new TemplateException(GoValues.String(a[0])),
        "trunc" => Trunc((int)(double)a[0]!, GoValues.String(a[1])),
        "trimSuffix" => GoValues.String(a[1]).EndsWith(GoValues.String(a[0]), StringComparison.Ordinal) && GoValues.String(a[0]).Length > 0
            ? GoValues.String(a[1])[..^GoValues.String(a[0]).Length] : GoValues.String(a[1]),
        "indent" => Indent((int)(double)a[0]!, GoValues.String(a[1])),
        "nindent" => "\n" + Indent((int)(double)a[0]!, GoValues.String(a[1])),
        "toYaml" => GoValues.ToYaml(a[0]),
        "sha256sum" => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GoValues.String(a[0])))),
        "int" => a[0] switch { double d => Math.Truncate(d), string s => double.Parse(s, CultureInfo.InvariantCulture), null => 0d, var v => throw new TemplateException($"int of {GoValues.Print(v)}") },
        "not" => !GoValues.IsTrue(a[0]),
        "and" => a.FirstOrDefault(v => !GoValues.IsTrue(v), a[^1]),
        "or" => a.FirstOrDefault(GoValues.IsTrue, a[^1]),
        "eq" => a.Skip(1).Any(b => GoValues.Equal(a[0], b)),
        "ne" => !GoValues.Equal(a[0], a[1]),
        _ => throw new TemplateException($"function \"{name}\" is not known to this renderer"),
    };

    /// <summary>Go's <c>%q</c> of a string.</summary>
    private static string Quote(string s) =>
        "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";

    /// <summary>Go's <c>fmt.Sprint</c>: a space between operands when neither is a string.</summary>
    private static string Sprint(IReadOnlyList<object?> a)
    {
        var output = new StringBuilder();
        for (var i = 0; i < a.Count; i++)
        {
            if (i > 0 && a[i] is not string && a[i - 1] is not string)
            {
                output.Append(' ');
            }

            output.Append(GoValues.Print(a[i]));
        }

        return output.ToString();
    }

    private static string Printf(string format, IReadOnlyList<object?> a)
    {
        var next = 0;
        return Verb().Replace(format, match =>
        {
            if (match.Value == "%%")
            {
                return "%";
            }

            var value = next < a.Count ? a[next++] : throw new TemplateException($"printf \"{format}\": missing argument");
            return match.Value switch
            {
                "%s" or "%v" => GoValues.Print(value),
                "%d" => value is double d ? ((long)d).ToString(CultureInfo.InvariantCulture) : throw new TemplateException($"printf %d of {GoValues.Print(value)}"),
                "%q" => Quote(GoValues.String(value)),
                _ => throw new TemplateException($"printf verb {match.Value} is not known to this renderer"),
            };
        });
    }

    private static string Trunc(int length, string s) => length >= 0 ? s[..Math.Min(length, s.Length)] : s[Math.Max(0, s.Length + length)..];

    private static string Indent(int spaces, string s)
    {
        var pad = new string(' ', spaces);
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    [GeneratedRegex("%[%a-z]")]
    private static partial Regex Verb();
}
