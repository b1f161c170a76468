using System.Text;

namespace Fleet.Cli.Docs;

/// <summary>A GitHub Markdown table: a header row, then one row per call to <see cref="Row"/>; numbers right-aligned (<see cref="Right"/>).</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _right = [];

    /// <summary>Right-aligns the columns at these positions (numbers).</summary>
    public MarkdownTable Right(params int[] columns)
    {
        _right.UnionWith(columns);
        return this;
    }

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").Append(string.Join(" | ", headers)).Append(" |\n");
        text.Append('|').Append(string.Join('|', headers.Select((_, i) => _right.Contains(i) ? " ---: " : " --- "))).Append("|\n");
        foreach (var row in _rows)
        {
            text.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
        }

        return text.ToString();
    }
}
