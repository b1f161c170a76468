using System.Text.RegularExpressions;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// Figures rendered, not copied: every marked table of BENCHMARKS.md and RELIABILITY.md must be what
/// <c>fleet bench render</c> makes of its JSON, so a table edited by hand, or JSON regenerated without rendering, fails
/// here (and so in CI).
/// </summary>
public sealed class DocTablesTests
{
    [Fact]
    public async Task Every_figure_table_in_the_docs_is_what_its_json_renders()
    {
        var (exit, output, error) = await CliRun.RunAsync("bench", "render", "--check", "--root", RepoPaths.Root);

        Assert.True(exit == 0, $"tables differ from their JSON (run `fleet bench render` and commit the result):\n{output}{error}");
        Assert.Matches(@"^\d+ tables, 0 differ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        // BENCHMARKS.md: seed, burst, noisy-neighbour, the priors' six (burst, burst on a new ENI, waves, its waves, churn, goals),
        // two-clusters (clusters, fairness), engine speed, three sim-against-live (burst, scale-in, churn), silo-loss,
        // memory, ten thousand nodes (load), goals; RELIABILITY.md: EC2 faults, process faults, zone isolation, forgotten
        // node, moto, soak.
        Assert.StartsWith("25 tables", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_figure_edited_by_hand_fails_the_check_and_render_puts_the_json_back()
    {
        using var copy = new RepoCopy();
        var original = File.ReadAllText(copy.PathOf("BENCHMARKS.md"));
        var table = original.IndexOf("<!-- table: policies docs/bench/burst-1000.json -->", StringComparison.Ordinal);
        var row = new Regex(@"(?m)^\| fleet \| (?<calls>[\d,]+) \|").Match(original, table);
        var edited = original[..row.Groups["calls"].Index] + "1,234" + original[(row.Groups["calls"].Index + row.Groups["calls"].Length)..];
        File.WriteAllText(copy.PathOf("BENCHMARKS.md"), edited);

        var check = await CliRun.RunAsync("bench", "render", "--check", "--root", copy.Root);
        Assert.Equal(1, check.Exit);
        Assert.Contains("differs: BENCHMARKS.md 'table: policies docs/bench/burst-1000.json'", check.Output, StringComparison.Ordinal);

        var render = await CliRun.RunAsync("bench", "render", "--root", copy.Root);
        Assert.Equal(0, render.Exit);
        Assert.Equal(original, File.ReadAllText(copy.PathOf("BENCHMARKS.md")));
    }

    [Fact]
    public async Task Json_regenerated_without_rendering_fails_the_check()
    {
        using var copy = new RepoCopy();
        var json = copy.PathOf("docs/bench/seed.json");
        File.WriteAllText(json, Regex.Replace(File.ReadAllText(json), @"""criticalPathCalls"": (\d+)", m => $"\"criticalPathCalls\": {int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}"));

        var check = await CliRun.RunAsync("bench", "render", "--check", "--root", copy.Root);

        Assert.Equal(1, check.Exit);
        Assert.Contains("differs: BENCHMARKS.md 'table: seed docs/bench/seed.json'", check.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<!-- table: policies docs/bench/nowhere.json -->", "docs/bench/nowhere.json does not exist")]
    [InlineData("<!-- table: sideways docs/bench/seed.json -->", "unknown table view 'sideways'")]
    public async Task A_marker_that_cannot_be_rendered_is_an_error_naming_it(string marker, string message)
    {
        using var copy = new RepoCopy();
        File.AppendAllText(copy.PathOf("RELIABILITY.md"), $"\n{marker}\n<!-- /table -->\n");

        var (exit, _, error) = await CliRun.RunAsync("bench", "render", "--check", "--root", copy.Root);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("RELIABILITY.md", error, StringComparison.Ordinal);
    }

    /// <summary>The docs and their JSON copied to a temporary root, to be edited there.</summary>
    private sealed class RepoCopy : IDisposable
    {
        public RepoCopy()
        {
            Root = Directory.CreateTempSubdirectory("fleet-doc-tables").FullName;
            File.WriteAllText(System.IO.Path.Combine(Root, "Fleet.sln"), string.Empty);
            foreach (var file in new[] { "BENCHMARKS.md", "RELIABILITY.md" })
            {
                File.Copy(System.IO.Path.Combine(RepoPaths.Root, file), PathOf(file));
            }

            foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(RepoPaths.Root, "docs"), "*.json", SearchOption.AllDirectories))
            {
                var target = PathOf(System.IO.Path.GetRelativePath(RepoPaths.Root, file));
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        public string Root { get; }

        public string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
