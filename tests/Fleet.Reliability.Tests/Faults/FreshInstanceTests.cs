using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator.Options;
using Fleet.Reliability.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Reliability.Tests.Faults;

/// <summary>
/// Found by the eventual-consistency churn run: a node that reported right after its instance launched read its ENIs
/// while EC2 did not show eth0 yet, concluded it had no interface, and created and attached one more at device 1 —
/// every first-interface-index-0 node, 18 extra ENIs in a 40-node run. A describe without eth0 is now read again.
/// </summary>
public sealed class FreshInstanceTests
{
    [Fact]
    public async Task Nodes_that_report_before_ec2_shows_their_eth0_grow_eth0_and_create_no_extra_eni()
    {
        await using var cluster = await FaultCluster.StartAsync(o => o.Latency.ConsistencyLag = LatencySpec.Fixed(TimeSpan.FromSeconds(20)));
        var nodes = cluster.Launch(6);
        await Task.WhenAll(nodes.Select(n => cluster.Node(n).SetSpec(new NodeSpecDto { PrefixDelegation = "on" })));

        await Task.WhenAll(nodes.Select(n => cluster.Node(n).ReportDemand(new DemandReport(40))));
        var ready = await Eventually.Until(async () => await Task.WhenAll(nodes.Select(n => cluster.Node(n).GetAllocation())),
            all => all.All(a => a.Status == NodeStatus.Ready), "every node at its target", TimeSpan.FromSeconds(60));

        var state = Ec2State.From(cluster.Region.Snapshot());
        Assert.Empty(state.FleetEnis(FaultCluster.ClusterName));
        Assert.DoesNotContain(cluster.Region.Trail(), t => t.Action == "CreateNetworkInterface");
        Assert.All(ready, a => Assert.Equal([0], a.Enis.Select(e => e.DeviceIndex)));
    }
}
