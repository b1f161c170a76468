using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Tests;

/// <summary>The seed scenario (Cilium PR #44154's case) through every policy, as <c>fleet bench --scenario seed</c> runs it.</summary>
public sealed class SeedScenarioTests
{
    private static readonly Reports.BenchReport s_report = BenchmarkRunner.Run(ScenarioLibrary.Build("seed"),
        ["fleet", "cilium-pre-44154", "cilium-post-44154", "lower-bound-calls", "lower-bound-latency"], seed: 1);

    [Theory]
    // First-interface-index 1: Cilium before #44154 pays Create + Attach + Modify + Assign, after it Create + Attach +
    // Modify; Fleet pays Create (3 prefixes) + Attach on the critical path and sets DeleteOnTermination afterwards.
    [InlineData("cilium-pre-44154", 1, 4, 0)]
    [InlineData("cilium-post-44154", 1, 3, 0)]
    [InlineData("fleet", 1, 2, 1)]
    [InlineData("lower-bound-calls", 1, 2, 0)]
    // First-interface-index 0: one Assign of 3 prefixes on eth0 for everyone.
    [InlineData("cilium-pre-44154", 0, 1, 0)]
    [InlineData("cilium-post-44154", 0, 1, 0)]
    [InlineData("fleet", 0, 1, 0)]
    [InlineData("lower-bound-calls", 0, 1, 0)]
    public void Seed_node_costs_exactly(string policy, int firstInterfaceIndex, int critical, int housekeeping)
    {
        var node = s_report.Policies.Single(p => p.Policy == policy).PerNode.Single(n => n.FirstInterfaceIndex == firstInterfaceIndex);

        Assert.Equal(critical, node.CriticalPathCalls);
        Assert.Equal(housekeeping, node.HousekeepingCalls);
        Assert.Equal(48, node.Capacity);
    }
}
