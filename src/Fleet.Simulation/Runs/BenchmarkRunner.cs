using System.Collections.Immutable;
using Fleet.Simulation.Policies;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>Runs policies one after another through the same scenario in the discrete-event engine.</summary>
public static class BenchmarkRunner
{
    /// <summary>Runs every named policy; <paramref name="progress"/> gets (policy, fraction of its run).</summary>
    public static BenchReport Run(Scenario scenario, IEnumerable<string> policies, int seed, Action<string, double>? progress = null)
    {
        if (scenario.LiveOnly)
        {
            throw new ArgumentException($"Scenario '{scenario.Name}' needs the live engine (--engine live).", nameof(scenario));
        }

        var results = ImmutableArray.CreateBuilder<PolicyResult>();
        foreach (var name in policies)
        {
            var policy = PolicyCatalog.Create(name, scenario);
            results.Add(PolicyRun.Execute(scenario, policy, seed, f => progress?.Invoke(name, f)));
            progress?.Invoke(name, 1);
        }

        return new BenchReport(scenario.Name, scenario.Covers, scenario.Nodes.Length, scenario.PodArrivals, scenario.Duration.TotalSeconds, seed, "sim",
            results.ToImmutable());
    }
}
