using System.Text;
using System.Text.RegularExpressions;

namespace Fleet.Cli.Docs;

/// <summary>
/// The figure tables of a Markdown document, each between <c>&lt;!-- table: VIEW ARG… --&gt;</c> and
/// <c>&lt;!-- /table --&gt;</c>, rendered from the JSON files its arguments name (paths from the repository root) by
/// the named <see cref="TableViews">view</see>. Rendering a document replaces every marked table and leaves the rest
/// untouched, so a table edited by hand, or JSON regenerated without rendering, shows up as a difference.
/// </summary>
internal static partial class DocTables
{
    /// <summary>The documents whose tables are rendered, relative to the repository root.</summary>
    public static readonly string[] Documents = ["BENCHMARKS.md", "RELIABILITY.md"];

    /// <summary>One marked table.</summary>
    /// <param name="Document">The document.</param>
    /// <param name="Marker">Its opening marker's text, e.g. <c>table: policies docs/bench/burst-1000.json</c>.</param>
    /// <param name="Current">What the document holds between the markers.</param>
    /// <param name="Rendered">What the JSON renders.</param>
    public sealed record Table(string Document, string Marker, string Current, string Rendered)
    {
        /// <summary>Whether the document holds what the JSON renders.</summary>
        public bool UpToDate => Current == Rendered;
    }

    /// <summary>Renders every marked table of <paramref name="text"/>; returns the new text and each table.</summary>
    /// <exception cref="DocTableException">A marker is unclosed, names an unknown view, or its JSON is missing or lacks a field.</exception>
    public static (string Text, IReadOnlyList<Table> Tables) Render(string document, string text, string root)
    {
        var tables = new List<Table>();
        var output = new StringBuilder();
        var at = 0;
        foreach (Match open in Opening().Matches(text))
        {
            if (open.Index < at)
            {
                throw new DocTableException($"{document}: a table marker opens inside another one ('{open.Value}')");
            }

            var bodyStart = open.Index + open.Length;
            var close = text.IndexOf("\n" + Closing, bodyStart, StringComparison.Ordinal) + 1;
            if (close <= 0)
            {
                throw new DocTableException($"{document}: '{open.Value}' has no '{Closing}'");
            }

            var arguments = open.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var rendered = "\n" + TableViews.Render(document, arguments, root).TrimEnd('\n') + "\n";
            var current = text[bodyStart..close];
            tables.Add(new Table(document, "table: " + string.Join(' ', arguments), current, rendered));
            output.Append(text, at, bodyStart - at).Append(rendered);
            at = close;
        }

        output.Append(text, at, text.Length - at);
        return (output.ToString(), tables);
    }

    /// <summary>Renders the documents under <paramref name="root"/>; writes them unless <paramref name="check"/>.</summary>
    public static IReadOnlyList<Table> RenderAll(string root, bool check)
    {
        var all = new List<Table>();
        foreach (var document in Documents)
        {
            var path = Path.Combine(root, document);
            var text = File.ReadAllText(path);
            var (rendered, tables) = Render(document, text, root);
            all.AddRange(tables);
            if (!check && rendered != text)
            {
                File.WriteAllText(path, rendered);
            }
        }

        return all;
    }

    /// <summary>The repository root: the nearest directory at or above <paramref name="from"/> holding Fleet.sln.</summary>
    public static string? FindRoot(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private const string Closing = "<!-- /table -->";

    // A marker is a line of its own (so prose can quote one in backticks).
    [GeneratedRegex(@"^<!-- table: (?<args>[^>\n]*?) -->[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex Opening();
}

/// <summary>A marked table cannot be rendered (the message names the document, the marker and what is wrong).</summary>
internal sealed class DocTableException(string message) : Exception(message);
