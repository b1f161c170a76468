using Fleet.Abstractions.Messages;
using Fleet.Grains.Groups;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>
/// The priors of issue 11 against the real silo and its embedded EC2, counted in the emulator's trail: a provisioner's
/// intent and a node group's history size a new node's first call.
/// </summary>
public sealed class PriorTests(PriorTests.Fixture fixture) : IClassFixture<PriorTests.Fixture>
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task An_intent_of_100_pods_is_served_with_one_assign_of_at_least_108_addresses_before_any_report()
    {
        var node = Cluster.Launch(1, "m5.large")[0];

        var result = await Cluster.Node(node).DeclareIntent(100);

        Assert.Equal(IntentStatus.Accepted, result.Status);
        Assert.Equal(100, result.Node.IntendedPods);
        var allocation = (await Cluster.WaitForAllAsync([node], a => a.Available >= 108))[0];
        Assert.Equal(0, allocation.Used);
        var capacityCalls = Cluster.TrailFor([node])
            .Where(t => t.Action is "AssignPrivateIpAddresses" or "CreateNetworkInterface" or "AttachNetworkInterface")
            .ToList();
        var assign = Assert.Single(capacityCalls);
        Assert.Equal(("AssignPrivateIpAddresses", "OK"), (assign.Action, assign.Outcome));
        Assert.True(assign.Count * 16 >= 108, $"the one assign brought {assign.Count} prefixes ({assign.Count * 16} addresses), fewer than 108");
    }

    [Fact]
    public async Task A_node_of_a_group_that_peaked_at_40_gets_48_addresses_in_its_first_call_when_it_reports_2_pods()
    {
        const string Group = "peaked-at-40";
        var spec = new NodeSpecDto { PrefixDelegation = "on", NodeGroup = Group };
        var earlier = Cluster.Launch(3, "m5.large");
        foreach (var node in earlier)
        {
            await Cluster.Node(node).SetSpec(spec);
        }

        await Task.WhenAll(earlier.Select(n => Cluster.Node(n).ReportDemand(new DemandReport(40))));
        await Cluster.WaitForAllAsync(earlier);
        var history = Cluster.Client.GetGrain<INodeGroupGrain>($"{Cluster.ClusterName}/{Group}");
        await Eventually.Until(() => history.GetPeak(), peak => peak == 40, $"group {Group}'s p90 peak is the 40 its three nodes plateaued at");

        var young = Cluster.Launch(1, "m5.large")[0];
        await Cluster.Node(young).SetSpec(spec);
        await Cluster.Node(young).ReportDemand(new DemandReport(2));
        await Cluster.WaitForAllAsync([young]);

        var first = Cluster.TrailFor([young]).First(t => t.Action is "AssignPrivateIpAddresses" or "CreateNetworkInterface");
        Assert.Equal(("AssignPrivateIpAddresses", "OK"), (first.Action, first.Outcome));
        Assert.True(first.Count * 16 >= 48, $"the first call brought {first.Count} prefixes ({first.Count * 16} addresses), fewer than 48");
    }

    /// <summary>A real-time cluster whose nodes count a peak as reached after 1 s of plateau (2 min by default).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public AllocatorCluster Cluster { get; private set; } = null!;

        public async Task InitializeAsync() => Cluster = await AllocatorCluster.StartAsync(new ClusterSetup
        {
            Config = new() { ["Fleet:Allocator:Prior:PlateauAfter"] = "00:00:01", ["Fleet:Allocator:TickInterval"] = "00:00:01" },
        });

        public async Task DisposeAsync() => await Cluster.DisposeAsync();
    }
}
