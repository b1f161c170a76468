using System.Text.Json;
using System.Text.Json.Serialization;
using Fleet.Simulation.Reports;

namespace Fleet.Cli.Output;

/// <summary>The JSON form of <c>fleet bench</c>: the scenario, then every policy's figures (field names in BENCHMARKS.md).</summary>
internal static class BenchJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(TextWriter output, BenchReport report)
    {
        var document = new
        {
            report.Scenario,
            report.Covers,
            report.Nodes,
            report.Pods,
            report.DurationSeconds,
            report.Seed,
            report.Engine,
            Policies = report.Policies.Select(p => new
            {
                p.Policy,
                p.Engine,
                p.CapacityCalls,
                p.CriticalPathCalls,
                p.HousekeepingCalls,
                p.MutatingCalls,
                p.DescribeCalls,
                p.ThrottledResponses,
                p.Calls,
                p.PodWait,
                p.AddressesAboveTarget,
                p.EnisLeaked,
                p.Cost,
                Clusters = p.Clusters.IsDefaultOrEmpty ? null : (IReadOnlyList<ClusterFigures>?)p.Clusters,
                PerNode = p.PerNode.IsDefaultOrEmpty ? null : (IReadOnlyList<NodeFigures>?)p.PerNode,
                Cohorts = p.Cohorts.IsDefaultOrEmpty ? null : (IReadOnlyList<CohortFigures>?)p.Cohorts,
            }),
            report.Live,
            report.Fairness,
        };
        output.WriteLine(JsonSerializer.Serialize(document, s_options));
    }
}
