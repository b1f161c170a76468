using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Soak;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet soak</c>: Fleet's allocator in a silo against the EC2 emulator with faults on, a churn of nodes and pods
/// for an hour of scenario time compressed 12× (5 minutes); one line per sampled minute on stderr (heap, calls per node
/// change), the summary as JSON on stdout. Exit code 0 when no invariant broke and the heap grew under 5 % after the
/// warm-up, 1 otherwise.
/// </summary>
internal static class SoakCommand
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public static Command Create(TextWriter output)
    {
        var defaults = new SoakOptions();
        var duration = DurationOption.Create("--duration", "Scenario time to soak", defaults.Duration);
        var compression = new Option<double>("--compression") { Description = "Time compression c (1–100)", DefaultValueFactory = _ => defaults.Compression };
        var nodes = new Option<int>("--nodes") { Description = "Nodes running at any time", DefaultValueFactory = _ => defaults.Nodes };
        var faults = new Option<double>("--fault-rate") { Description = "Chance of each of 500 and 503 per EC2 call (lost responses and 10x latency spikes at a fifth)", DefaultValueFactory = _ => defaults.FaultRate };
        var warmUp = DurationOption.Create("--warm-up", "Scenario time before memory growth counts", defaults.WarmUp);
        var seed = new Option<int>("--seed") { Description = "Seed of the workload and the emulator", DefaultValueFactory = _ => defaults.Seed };
        var command = new Command("soak", "Soak Fleet under churn with EC2 faults on; sample memory and calls per node change each minute") { duration, compression, nodes, faults, warmUp, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var options = defaults with
            {
                Duration = parse.GetValue(duration),
                Compression = parse.GetValue(compression),
                Nodes = parse.GetValue(nodes),
                FaultRate = parse.GetValue(faults),
                WarmUp = parse.GetValue(warmUp),
                Seed = parse.GetValue(seed),
            };
            if (options.Validate().ToList() is { Count: > 0 } problems)
            {
                error.WriteLine("error: " + string.Join(" ", problems));
                return ExitCodes.Error;
            }

            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"soak: {options.Nodes} nodes, {options.Duration} of scenario time at {options.Compression}x ({(options.Duration / options.Compression).TotalMinutes:0.0} min wall), faults {options.FaultRate:P0}"));
            var report = await SoakRun.RunAsync(options, s => error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  min {s.Minute,5:0.0}: heap {s.HeapMb,7:0.00} MiB, activations {s.Activations,4}, Fleet calls {s.FleetCalls,5}, node changes {s.NodeChanges,5}, calls/change {s.CallsPerChange:0.000}")),
                cancellationToken);
            output.WriteLine(JsonSerializer.Serialize(report, s_json));
            return report.Passed ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }
}
