using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Silo.Demo;

namespace Fleet.Silo.Tests;

/// <summary>The demo agent plays fair: pods only on the node's addresses, releases acknowledged only when unused.</summary>
public sealed class SimulatedAgentTests
{
    private static NodeAllocation Allocation(ImmutableArray<string> prefixes, ImmutableArray<string> release) =>
        new("i-0123456789abcdef0", NodeStatus.Ready, "", prefixes.Length * 16, 0, 0, 0,
            [new EniAllocation("eni-1", 0, "subnet-1", "10.0.0.5", prefixes, [])], release, 1);

    [Fact]
    public void Without_addresses_every_wanted_pod_is_pending()
    {
        var agent = new SimulatedAgent("i-0123456789abcdef0", maxPods: 80, seed: 3);
        var report = agent.NextReport();
        Assert.Equal(0, report.Used);
        Assert.Equal(agent.Desired, report.Pending);
        Assert.Empty(report.InUse!.Value);
    }

    [Fact]
    public void Running_pods_sit_on_the_nodes_prefixes_and_used_plus_pending_is_the_wanted_count()
    {
        var agent = new SimulatedAgent("i-0123456789abcdef0", maxPods: 80, seed: 5) { Allocation = Allocation(["10.0.1.0/28", "10.0.1.16/28"], []) };
        for (var step = 0; step < 50; step++)
        {
            var report = agent.NextReport();
            Assert.Equal(agent.Desired, report.Used + report.Pending);
            Assert.Equal(Math.Min(agent.Desired, 32), report.Used);
            Assert.All(report.InUse!.Value, a => Assert.StartsWith("10.0.1.", a, StringComparison.Ordinal));
            Assert.Equal(report.Used, report.InUse.Value.Distinct().Count());
        }
    }

    [Fact]
    public void A_proposed_release_is_acknowledged_only_when_no_pod_uses_it_and_no_pod_moves_onto_it()
    {
        var agent = new SimulatedAgent("i-0123456789abcdef0", maxPods: 8, seed: 1) { Allocation = Allocation(["10.0.1.0/28", "10.0.1.16/28"], ["10.0.1.16/28"]) };
        for (var step = 0; step < 30; step++)
        {
            var report = agent.NextReport();
            Assert.Equal(["10.0.1.16/28"], report.ReleaseAcks!.Value.ToArray());
            Assert.DoesNotContain(report.InUse!.Value, a => a.StartsWith("10.0.1.1", StringComparison.Ordinal) && int.Parse(a.Split('.')[3]) >= 16);
        }
    }
}
