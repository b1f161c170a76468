using System.Globalization;
using System.Text;

namespace Fleet.Simulation.Reports;

/// <summary>
/// Line plots as standalone SVG (no native graphics library needed): capacity and demand over time per policy, and
/// cumulative accepted mutating calls per policy. Deterministic output for the same report.
/// </summary>
public static class SvgPlots
{
    private const int Width = 900;
    private const int Height = 480;
    private const int Left = 80;
    private const int Right = 190;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] s_colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"];

    /// <summary>Writes <c>{scenario}-capacity.svg</c> and <c>{scenario}-calls.svg</c> into <paramref name="directory"/>; answers the paths.</summary>
    public static IReadOnlyList<string> Write(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var capacity = Path.Combine(directory, $"{report.Scenario}-capacity.svg");
        var calls = Path.Combine(directory, $"{report.Scenario}-calls.svg");
        var demand = report.Policies.FirstOrDefault()?.Timeline.Select(s => (s.Seconds, (double)s.Pods)).ToList() ?? [];
        var series = report.Policies.Select(p => (p.Policy, p.Timeline.Select(s => (s.Seconds, (double)s.Capacity)).ToList())).ToList();
        series.Add(("demand (pods)", demand));
        File.WriteAllText(capacity, Plot($"{report.Scenario}, {report.Nodes} nodes: usable addresses vs demand", "addresses", series, dashedLast: true));
        File.WriteAllText(calls, Plot($"{report.Scenario}, {report.Nodes} nodes: cumulative mutating calls accepted", "calls",
            [.. report.Policies.Select(p => (p.Policy, p.Timeline.Select(s => (s.Seconds, (double)s.MutatingCalls)).ToList()))], dashedLast: false));
        return [capacity, calls];
    }

    private static string Plot(string title, string yLabel, List<(string Name, List<(double X, double Y)> Points)> series, bool dashedLast)
    {
        var maxX = Math.Max(series.SelectMany(s => s.Points).Select(p => p.X).DefaultIfEmpty(1).Max(), 1);
        var maxY = Math.Max(series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max(), 1) * 1.05;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        string X(double x) => F(Left + (x / maxX * plotW));
        string Y(double y) => F(Top + plotH - (y / maxY * plotH));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        for (var i = 0; i <= 5; i++)
        {
            var y = maxY * i / 5;
            var x = maxX * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(y)}\" x2=\"{Left + plotW}\" y2=\"{Y(y)}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(y)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{y:0}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(x)}\" y=\"{Top + plotH + 18}\" text-anchor=\"middle\">{x / 60:0.#}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 12}\" text-anchor=\"middle\">scenario time (min)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"18\" y=\"{Top + (plotH / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {Top + (plotH / 2)})\">{Escape(yLabel)}</text>\n");
        for (var s = 0; s < series.Count; s++)
        {
            var (name, points) = series[s];
            var colour = dashedLast && s == series.Count - 1 ? "#000" : s_colours[s % s_colours.Length];
            var dash = dashedLast && s == series.Count - 1 ? " stroke-dasharray=\"6 4\"" : string.Empty;
            if (points.Count > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.8\"{dash} points=\"");
                svg.AppendJoin(' ', points.Select(p => $"{X(p.X)},{Y(p.Y)}"));
                svg.Append("\"/>\n");
            }

            var ly = Top + 10 + (s * 20);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left + plotW + 12}\" y1=\"{ly}\" x2=\"{Left + plotW + 36}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotW + 42}\" y=\"{ly}\" dominant-baseline=\"middle\">{Escape(name)}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
