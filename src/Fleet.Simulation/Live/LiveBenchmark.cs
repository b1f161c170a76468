using Fleet.Simulation.Reports;
using Fleet.Simulation.Scenarios;
using Microsoft.Extensions.Logging;

namespace Fleet.Simulation.Live;

/// <summary>
/// <c>fleet bench --engine live</c>: the <c>fleet</c> policy through a scenario in the live engine. Only Fleet runs
/// live: Cilium's operator and the lower-bound oracles exist only as models in the discrete-event engine.
/// </summary>
public static class LiveBenchmark
{
    /// <summary>The one policy the live engine runs.</summary>
    public const string Policy = "fleet";

    /// <summary>Why the live engine cannot run <paramref name="scenario"/> with <paramref name="options"/>; empty when it can.</summary>
    public static IReadOnlyList<string> Problems(Scenario scenario, LiveOptions options)
    {
        var problems = options.Validate().ToList();
        if (LiveRegion.Unsupported(scenario) is { } unsupported)
        {
            problems.Add($"scenario '{scenario.Name}': {unsupported}.");
        }

        if ((options.KillAt ?? scenario.SiloDiesAt) is not null && options.Silos < 2)
        {
            problems.Add($"scenario '{scenario.Name}' kills a silo: it needs --silos 2 or more.");
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs Fleet live through <paramref name="scenario"/>; <paramref name="progress"/> gets (policy, fraction of scenario time).</summary>
    public static async Task<BenchReport> RunAsync(
        Scenario scenario, LiveOptions options, int seed, Action<string, double>? progress = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        var (result, live) = await LiveRun.ExecuteAsync(scenario, options, seed, f => progress?.Invoke(Policy, f), loggers, cancellationToken);
        return new BenchReport(scenario.Name, scenario.Covers, scenario.Nodes.Length, scenario.PodArrivals, scenario.Duration.TotalSeconds, seed, "live", [result], live);
    }
}
