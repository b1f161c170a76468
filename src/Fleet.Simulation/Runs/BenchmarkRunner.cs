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
            results.ToImmutable())
        {
            Fairness = Fairness(scenario, results, seed, progress),
        };
    }

    /// <summary>
    /// For the two-clusters scenario with the policy <c>fleet</c> among those run: runs <c>fleet</c> on each cluster alone
    /// (same seed, same region) and compares.
    /// </summary>
    private static FairnessFigures? Fairness(Scenario scenario, IEnumerable<PolicyResult> results, int seed, Action<string, double>? progress)
    {
        if (scenario.Name != TwoClusters.Name || results.FirstOrDefault(r => r.Policy == "fleet") is not { } both)
        {
            return null;
        }

        PolicyResult Alone(string cluster)
        {
            var label = $"fleet ({cluster} alone)";
            var alone = scenario.Alone(cluster);
            var result = PolicyRun.Execute(alone, PolicyCatalog.Create("fleet", alone), seed, f => progress?.Invoke(label, f));
            progress?.Invoke(label, 1);
            return result;
        }

        return FairnessFigures.Of(TwoClusters.Bursting, TwoClusters.Churning, both, Alone(TwoClusters.Bursting), Alone(TwoClusters.Churning));
    }
}
