using System.Collections.Immutable;

namespace Fleet.Simulation.Reports;

/// <summary>One benchmark run: the scenario, how it was run, and every policy's figures.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Covers">What it covers.</param>
/// <param name="Nodes">Nodes in the scenario.</param>
/// <param name="Pods">Pod arrivals in the scenario.</param>
/// <param name="DurationSeconds">Scenario time simulated, seconds.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Engine"><c>sim</c> or <c>live</c>.</param>
/// <param name="Policies">Figures per policy, in the order run.</param>
/// <param name="Live">What only the live engine measures (null for the discrete-event engine).</param>
public sealed record BenchReport(
    string Scenario,
    string Covers,
    int Nodes,
    int Pods,
    double DurationSeconds,
    int Seed,
    string Engine,
    ImmutableArray<PolicyResult> Policies,
    LiveFigures? Live = null)
{
    /// <summary>For a scenario of two clusters: each against its solo run (null otherwise, or without the policy <c>fleet</c>).</summary>
    public FairnessFigures? Fairness { get; init; }
}
