using System.CommandLine;
using Fleet.Cli.Output;
using Fleet.Simulation.Policies;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet bench</c>: runs a scenario through every policy (Fleet, Cilium before and after #44154, the lower-bound
/// oracles) on the same EC2 model and prints the figures as a table or JSON; optionally writes SVG plots. Progress
/// goes to stderr, never into the JSON.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario: " + string.Join(", ", ScenarioLibrary.Names), Required = true };
        var nodes = new Option<int?>("--nodes") { Description = "Nodes (default: the scenario's)" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var policies = new Option<string?>("--policies") { Description = "Comma-separated policies (default: all): " + string.Join(", ", PolicyCatalog.Names) };
        var engine = new Option<string>("--engine") { Description = "sim (discrete-event, virtual time) or live", DefaultValueFactory = _ => "sim" };
        var seed = new Option<int>("--seed") { Description = "Seed of the scenario and the EC2 model", DefaultValueFactory = _ => 1 };
        var plots = new Option<string?>("--plots") { Description = "Directory to write SVG plots into" };
        var command = new Command("bench", "Benchmark Fleet against Cilium and the lower bounds on one scenario") { scenario, nodes, json, policies, engine, seed, plots };

        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var name = parse.GetValue(scenario)!;
            if (!ScenarioLibrary.Names.Contains(name))
            {
                error.WriteLine($"error: unknown scenario '{name}'; known: {string.Join(", ", ScenarioLibrary.Names)}.");
                return 2;
            }

            var chosen = (parse.GetValue(policies) ?? string.Join(',', PolicyCatalog.Names)).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (chosen.FirstOrDefault(p => !PolicyCatalog.Names.Contains(p)) is { } unknown)
            {
                error.WriteLine($"error: unknown policy '{unknown}'; known: {string.Join(", ", PolicyCatalog.Names)}.");
                return 2;
            }

            if (parse.GetValue(engine) is not "sim")
            {
                error.WriteLine("error: --engine live is not available in this build: the live engine is not implemented yet (see BENCHMARKS.md); use --engine sim.");
                return 2;
            }

            Scenario built;
            try
            {
                built = ScenarioLibrary.Build(name, parse.GetValue(nodes), parse.GetValue(seed));
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: {e.Message}");
                return 2;
            }

            if (built.LiveOnly)
            {
                error.WriteLine($"error: scenario '{name}' needs the live engine (--engine live), which this build does not have.");
                return 2;
            }

            var progress = new BenchProgress(error, chosen.Length);
            var report = BenchmarkRunner.Run(built, chosen, parse.GetValue(seed), progress.Report);
            progress.Done();
            if (parse.GetValue(json))
            {
                BenchJson.Write(output, report);
            }
            else
            {
                BenchTable.Write(output, report);
            }

            if (parse.GetValue(plots) is { } directory)
            {
                foreach (var path in SvgPlots.Write(report, directory))
                {
                    error.WriteLine($"wrote {path}");
                }
            }

            return 0;
        });

        return command;
    }
}
