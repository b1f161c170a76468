using Fleet.Abstractions.Messages;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>The case of Cilium PR #44154, counted in the emulator's trail (DESIGN §5 "seed").</summary>
public sealed class SeedTests(RealTimeClusterFixture fixture) : IClassFixture<RealTimeClusterFixture>
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task MinAllocate45_FirstInterfaceIndex0_is_exactly_one_assign_of_three_prefixes()
    {
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).SetSpec(new NodeSpecDto { MinAllocate = 45, PrefixDelegation = "on" });

        var result = await Cluster.Node(node).ReportDemand(new DemandReport(0));
        Assert.Equal(DemandOutcome.Accepted, result.Outcome);
        var allocation = (await Cluster.WaitForAllAsync([node]))[0];

        Assert.Equal(48, allocation.Available);
        var mutations = Cluster.TrailFor([node]).Where(t => !t.Action.StartsWith("Describe", StringComparison.Ordinal) && t.Action != "RunInstances").ToList();
        var assign = Assert.Single(mutations);
        Assert.Equal(("AssignPrivateIpAddresses", 3, "OK"), (assign.Action, assign.Count, assign.Outcome));
    }

    [Fact]
    public async Task MinAllocate45_FirstInterfaceIndex1_is_create_with_three_prefixes_and_attach_then_modify_after_all_critical_work()
    {
        var nodes = Cluster.Launch(5);
        foreach (var node in nodes)
        {
            await Cluster.Node(node).SetSpec(new NodeSpecDto { MinAllocate = 45, FirstInterfaceIndex = 1, PrefixDelegation = "on" });
        }

        await Task.WhenAll(nodes.Select(n => Cluster.Node(n).ReportDemand(new DemandReport(0))));
        var allocations = await Cluster.WaitForAllAsync(nodes);
        Assert.All(allocations, a => Assert.Equal(48, a.Available));
        await Eventually.Until(() => Cluster.TrailFor(nodes).Count(t => t.Action == "ModifyNetworkInterfaceAttribute"), n => n == 5,
            "a DeleteOnTermination call per node");

        var trail = Cluster.TrailFor(nodes).Where(t => t.Outcome == "OK").ToList();
        foreach (var node in nodes)
        {
            var own = Cluster.TrailFor([node]).Where(t => t.Outcome == "OK" && !t.Action.StartsWith("Describe", StringComparison.Ordinal) && t.Action != "RunInstances").ToList();
            Assert.Equal(["CreateNetworkInterface", "AttachNetworkInterface", "ModifyNetworkInterfaceAttribute"], own.Select(t => t.Action));
            Assert.Equal(3, own[0].Count);
        }

        var lastCritical = trail.Where(t => t.Action is "CreateNetworkInterface" or "AttachNetworkInterface").Max(t => t.Sequence);
        var firstHousekeeping = trail.Where(t => t.Action == "ModifyNetworkInterfaceAttribute").Min(t => t.Sequence);
        Assert.True(firstHousekeeping > lastCritical, $"housekeeping (#{firstHousekeeping}) ran before critical work finished (#{lastCritical})");
    }

    [Fact]
    public async Task A_node_that_keeps_growing_fetches_its_next_growth_in_the_same_call()
    {
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).SetSpec(new NodeSpecDto { PrefixDelegation = "on" });

        await Cluster.Node(node).ReportDemand(new DemandReport(16)); // 24 → 2 prefixes
        await Cluster.WaitForAllAsync([node]);
        await Cluster.Node(node).ReportDemand(new DemandReport(48)); // grew by 32: expect 32 more
        var allocation = await Eventually.Until(() => Cluster.Node(node).GetAllocation(), a => a.Status == NodeStatus.Ready && a.Used == 48,
            "the node is ready at 48 used");

        // 48 used + 8 pre-allocated + 32 ahead = 88 → 6 prefixes in all: the second call brings 4, not 2.
        var assigns = Cluster.TrailFor([node]).Where(t => t.Action == "AssignPrivateIpAddresses").Select(t => t.Count).ToList();
        Assert.Equal([2, 4], assigns);
        Assert.Equal(96, allocation.Available);
    }
}
