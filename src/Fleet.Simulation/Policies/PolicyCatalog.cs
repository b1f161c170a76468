using Fleet.Core.Node;
using System.Collections.Immutable;
using Fleet.Simulation.Policies.Cilium;
using Fleet.Simulation.Policies.Oracles;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Policies;

/// <summary>The policies a benchmark compares, by name.</summary>
public static class PolicyCatalog
{
    /// <summary>Every policy, in report order.</summary>
    public static ImmutableArray<string> Names { get; } =
        ["fleet", "fleet-no-prior", "fleet-no-lookahead", "fleet-lookahead-2", "fleet-latency", "cilium-pre-44154", "cilium-post-44154", "lower-bound-calls", "lower-bound-latency",
            OneQueue];

    /// <summary>Fleet whose throttle does not share its buckets between clusters: one queue for every cluster's calls.</summary>
    public const string OneQueue = "fleet-one-queue";

    /// <summary>
    /// The policies a scenario runs when none are named: for a scenario of several clusters, Fleet with fair shares and
    /// without (Cilium's operator serves one cluster, and the oracles know nothing of clusters); else every policy of one
    /// cluster.
    /// </summary>
    public static ImmutableArray<string> DefaultsFor(Scenario scenario) =>
        scenario.ClusterWeights.Count > 1 ? ["fleet", OneQueue] : [.. Names.Where(n => n != OneQueue)];

    /// <summary>Why <paramref name="name"/> cannot run <paramref name="scenario"/>, or null when it can.</summary>
    public static string? Problem(string name, Scenario scenario) =>
        scenario.ClusterWeights.Count > 1 && !name.StartsWith("fleet", StringComparison.Ordinal)
            ? $"policy '{name}' serves one cluster; scenario '{scenario.Name}' has several (run fleet and {OneQueue})"
            : null;

    /// <summary>A fresh instance of a policy for one run; throws <see cref="ArgumentException"/> naming the known ones.</summary>
    public static IPolicy Create(string name, Scenario scenario) => name switch
    {
        "fleet" => Fleet(name, scenario, o => { }),
        "fleet-no-prior" => Fleet(name, scenario, o => o.Prior.Mode = Core.Priors.PriorMode.None),
        "fleet-no-lookahead" => Fleet(name, scenario, o => o.LookaheadFactor = 0),
        "fleet-lookahead-2" => Fleet(name, scenario, o => o.LookaheadFactor = 2),
        "fleet-latency" => Fleet(name, scenario, o => o.LatencyFirst = true),
        "cilium-pre-44154" => new CiliumOperator(CiliumVersion.Pre44154, scenario.ReleaseExcess),
        "cilium-post-44154" => new CiliumOperator(CiliumVersion.Post44154, scenario.ReleaseExcess),
        "lower-bound-calls" => new LowerBoundCallsPolicy(),
        "lower-bound-latency" => new LowerBoundLatencyPolicy(),
        OneQueue => Fleet(name, scenario, o => { }, fairShares: false),
        _ => throw new ArgumentException($"Unknown policy '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Fleet with the allocator's default options, changed by <paramref name="configure"/> and the scenario's release setting.</summary>
    private static Allocator.FleetPolicy Fleet(string name, Scenario scenario, Action<Core.Node.AllocatorOptions> configure, bool fairShares = true)
    {
        var options = new Core.Node.AllocatorOptions { ReleaseExcess = scenario.ReleaseExcess };
        configure(options);
        return new Allocator.FleetPolicy(name, options, fairShares);
    }
}
