using System.Text.RegularExpressions;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// The documents say what is true and carry their own facts: README's CLI table lists every command and says which take
/// <c>--json</c>; no document cites a file outside the repository; the README's hand-sent demand cannot be overwritten by
/// the demo; the openssl commands in docs/operations.md are the ones deploy/gateway-certs.sh runs.
/// </summary>
public sealed partial class DocsTests
{
    private static readonly string s_readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

    [Fact]
    public void The_readmes_cli_table_lists_every_command()
    {
        var commands = FleetApp.CreateRoot(TextWriter.Null).Subcommands.Select(c => c.Name).ToList();
        var rows = s_readme.Split('\n').Where(l => l.StartsWith("| `fleet ", StringComparison.Ordinal)).ToList();

        Assert.Equal(10, commands.Count);
        Assert.All(commands, c => Assert.Contains(rows, r => r.Contains($"`fleet {c} ", StringComparison.Ordinal) || r.Contains($"`fleet {c}`", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_readme_names_exactly_the_commands_that_take_json()
    {
        var sentence = JsonSentence().Match(s_readme);
        Assert.True(sentence.Success, "README says which commands take --json");
        var claimed = Regex.Matches(sentence.Groups[1].Value, "`([a-z]+)`").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        var actual = FleetApp.CreateRoot(TextWriter.Null).Subcommands.Where(c => c.Options.Any(o => o.Name == "--json")).Select(c => c.Name).Order(StringComparer.Ordinal);

        Assert.Equal(actual, claimed);
    }

    [Fact]
    public void No_document_cites_a_file_outside_the_repository()
    {
        var documents = Directory.EnumerateFiles(RepoPaths.Root, "*.md", SearchOption.AllDirectories)
            .Where(f => !Regex.IsMatch(f, @"/(bin|obj|\.git|\.local-cluster|node_modules)/"))
            .ToList();
        Assert.Contains(documents, d => d.EndsWith("docs/operations.md", StringComparison.Ordinal));

        var citations = documents.SelectMany(d => OutsideCitation().Matches(File.ReadAllText(d)).Select(m => $"{Path.GetRelativePath(RepoPaths.Root, d)}: {m.Value}")).ToList();

        Assert.True(citations.Count == 0, "cites files that are not in the repository:\n" + string.Join('\n', citations));
    }

    [Fact]
    public void The_readmes_hand_sent_demand_goes_to_a_node_the_demo_does_not_drive()
    {
        var put = s_readme.Split('\n').Single(l => l.Contains("curl -s -X PUT", StringComparison.Ordinal));
        Assert.Contains("/api/v1/nodes/$id/demand", put, StringComparison.Ordinal);
        Assert.Contains("id=$(aws ec2 run-instances --endpoint-url http://127.0.0.1:4566", s_readme, StringComparison.Ordinal);
        Assert.Contains("overwritten at its agent's next report", s_readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_openssl_commands_are_the_ones_the_script_runs()
    {
        var operations = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "operations.md"));
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "gateway-certs.sh"));
        var documented = operations.Split('\n').Where(l => l.StartsWith("openssl ", StringComparison.Ordinal) || l.StartsWith("printf ", StringComparison.Ordinal)).ToList();

        Assert.Equal(5, documented.Count);
        Assert.All(documented, line => Assert.Contains(line.TrimEnd('\\').Trim(), script, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"((?:`[a-z]+`, )+`[a-z]+` and `[a-z]+`) take `--json`")]
    private static partial Regex JsonSentence();

    // shared/… paths, and the reference notes the project was built from (reference/x.md, ec2-facts §n), which are not here.
    [GeneratedRegex(@"(?<![\w.])shared/[\w./-]+|reference/[\w-]+\.md|\b(ec2-facts|cilium-eni-ipam|orleans10)(\.md)?\s*§")]
    private static partial Regex OutsideCitation();
}
