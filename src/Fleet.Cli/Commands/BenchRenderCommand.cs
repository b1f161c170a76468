using System.CommandLine;
using Fleet.Cli.Docs;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet bench render [--check] [--root DIR]</c>: rewrites the figure tables of BENCHMARKS.md and RELIABILITY.md
/// (between <c>&lt;!-- table: VIEW FILE… --&gt;</c> and <c>&lt;!-- /table --&gt;</c>) from the JSON files the markers
/// name. <c>--check</c> writes nothing and exits 1 naming every table that differs from what its JSON renders.
/// </summary>
internal static class BenchRenderCommand
{
    public static Command Create(TextWriter output)
    {
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 if a table differs from what its JSON renders" };
        var root = new Option<string?>("--root") { Description = "The repository root (default: the nearest directory holding Fleet.sln)" };
        var command = new Command("render", "Rewrite the figure tables of BENCHMARKS.md and RELIABILITY.md from docs/bench and docs/reliability JSON") { check, root };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(root) ?? DocTables.FindRoot(Directory.GetCurrentDirectory());
            if (dir is null || !File.Exists(Path.Combine(dir, "Fleet.sln")))
            {
                error.WriteLine($"error: {dir ?? Directory.GetCurrentDirectory()} is not the repository root (no Fleet.sln); use --root.");
                return ExitCodes.Error;
            }

            IReadOnlyList<DocTables.Table> tables;
            try
            {
                tables = DocTables.RenderAll(dir, parse.GetValue(check));
            }
            catch (DocTableException e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.Error;
            }

            var stale = tables.Where(t => !t.UpToDate).ToList();
            foreach (var table in stale)
            {
                output.WriteLine($"{(parse.GetValue(check) ? "differs" : "rewrote")}: {table.Document} '{table.Marker}'");
            }

            output.WriteLine($"{tables.Count} tables, {stale.Count} {(parse.GetValue(check) ? "differ from their JSON" : "rewritten")}.");
            return parse.GetValue(check) && stale.Count > 0 ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }
}
