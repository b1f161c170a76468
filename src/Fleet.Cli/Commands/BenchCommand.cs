using System.CommandLine;
using Fleet.Cli.Output;
using Fleet.Simulation.Live;
using Fleet.Simulation.Policies;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet bench</c>: runs a scenario through every policy (Fleet, Cilium before and after #44154, the lower-bound
/// oracles) on the same EC2 model and prints the figures as a table or JSON; optionally writes SVG plots. Progress
/// goes to stderr, never into the JSON. <c>--engine live</c> runs Fleet for real (silos, AWSSDK.EC2, the emulator over
/// HTTP, time compressed by <c>--compression</c>); the other policies exist only in the simulator.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter output)
    {
        var scenario = new Option<string>("--scenario") { Description = "Scenario: " + string.Join(", ", ScenarioLibrary.Names), Required = true };
        var nodes = new Option<int?>("--nodes") { Description = "Nodes (default: the scenario's)" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var policies = new Option<string?>("--policies") { Description = "Comma-separated policies (default: all; live: fleet only): " + string.Join(", ", PolicyCatalog.Names) };
        var engine = new Option<string>("--engine") { Description = "sim (discrete-event, virtual time) or live (silos, AWSSDK.EC2, emulator over HTTP)", DefaultValueFactory = _ => "sim" };
        var seed = new Option<int>("--seed") { Description = "Seed of the scenario and the EC2 model", DefaultValueFactory = _ => 1 };
        var plots = new Option<string?>("--plots") { Description = "Directory to write SVG plots into" };
        var compression = new Option<double>("--compression") { Description = "Live engine: time compression c (scenario seconds per wall second, 1–100)", DefaultValueFactory = _ => 10 };
        var silos = new Option<int?>("--silos") { Description = "Live engine: silos (default 1; silo-loss 2)" };
        var verbose = new Option<bool>("--verbose") { Description = "Live engine: log the run, and the silos' warnings, to stderr" };
        var firstInterfaceIndex = new Option<int?>("--first-interface-index") { Description = "Every node's first-interface-index (1: every node's pods need a new ENI)" };
        var command = new Command("bench", "Benchmark Fleet against Cilium and the lower bounds on one scenario")
        {
            scenario, nodes, json, policies, engine, seed, plots, compression, silos, verbose, firstInterfaceIndex,
        };

        command.Subcommands.Add(BenchRenderCommand.Create(output));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var name = parse.GetValue(scenario)!;
            var live = parse.GetValue(engine) switch
            {
                "sim" => false,
                "live" => true,
                var other => (bool?)null,
            };
            if (live is null)
            {
                error.WriteLine($"error: unknown engine '{parse.GetValue(engine)}'; known: sim, live.");
                return ExitCodes.Error;
            }

            if (!ScenarioLibrary.Names.Contains(name))
            {
                error.WriteLine($"error: unknown scenario '{name}'; known: {string.Join(", ", ScenarioLibrary.Names)}.");
                return ExitCodes.Error;
            }

            var named = parse.GetValue(policies)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (named?.FirstOrDefault(p => !PolicyCatalog.Names.Contains(p)) is { } unknown)
            {
                error.WriteLine($"error: unknown policy '{unknown}'; known: {string.Join(", ", PolicyCatalog.Names)}.");
                return ExitCodes.Error;
            }

            if (live.Value && named?.FirstOrDefault(p => p != LiveBenchmark.Policy) is { } simOnly)
            {
                error.WriteLine($"error: policy '{simOnly}' exists only in the simulator (--engine sim); the live engine runs '{LiveBenchmark.Policy}' alone.");
                return ExitCodes.Error;
            }

            Scenario built;
            try
            {
                built = ScenarioLibrary.Build(name, parse.GetValue(nodes), parse.GetValue(seed));
                if (parse.GetValue(firstInterfaceIndex) is { } index)
                {
                    built = ScenarioVariants.WithFirstInterfaceIndex(built, index);
                }
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"error: {e.Message}");
                return ExitCodes.Error;
            }

            if (built.LiveOnly && !live.Value)
            {
                error.WriteLine($"error: scenario '{name}' needs the live engine (--engine live).");
                return ExitCodes.Error;
            }

            var chosen = named ?? (live.Value ? [LiveBenchmark.Policy] : [.. PolicyCatalog.DefaultsFor(built)]);
            if (chosen.Select(p => PolicyCatalog.Problem(p, built)).FirstOrDefault(p => p is not null) is { } cannot)
            {
                error.WriteLine($"error: {cannot}.");
                return ExitCodes.Error;
            }

            BenchReport report;
            var soloRuns = built.Name == TwoClusters.Name && !live.Value && chosen.Contains("fleet") ? 2 : 0; // fairness: each cluster alone
            var progress = new BenchProgress(error, chosen.Length + soloRuns);
            if (live.Value)
            {
                var options = new LiveOptions(parse.GetValue(compression), parse.GetValue(silos) ?? (built.SiloDiesAt is null ? 1 : 2));
                if (LiveBenchmark.Problems(built, options) is { Count: > 0 } problems)
                {
                    error.WriteLine($"error: {string.Join(" ", problems)}");
                    return ExitCodes.Error;
                }

                if (parse.GetValue(policies) is null)
                {
                    error.WriteLine($"live engine: runs '{LiveBenchmark.Policy}' only; Cilium and the lower bounds are sim-only (--engine sim).");
                }

                using var loggers = parse.GetValue(verbose) ? StderrLogging.Create() : null;
                report = await LiveBenchmark.RunAsync(built, options, parse.GetValue(seed), progress.Report, loggers, cancellationToken);
            }
            else
            {
                report = BenchmarkRunner.Run(built, chosen, parse.GetValue(seed), progress.Report);
            }

            progress.Done();
            Write(output, error, report, parse.GetValue(json), parse.GetValue(plots));
            return ExitCodes.Ok;
        });

        return command;
    }

    private static void Write(TextWriter output, TextWriter error, BenchReport report, bool json, string? plots)
    {
        if (json)
        {
            BenchJson.Write(output, report);
        }
        else
        {
            BenchTable.Write(output, report);
        }

        if (plots is { } directory)
        {
            foreach (var path in SvgPlots.Write(report, directory))
            {
                error.WriteLine($"wrote {path}");
            }
        }
    }
}
