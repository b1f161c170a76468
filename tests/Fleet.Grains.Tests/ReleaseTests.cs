using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Addressing;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>The release handshake: proposed, confirmed by the agent, released after the delay; never an address in use.</summary>
[Collection(FakeTimeCollection.Name)]
public sealed class ReleaseTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Excess_prefixes_are_released_only_after_confirmation_and_the_delay_and_never_one_in_use()
    {
        var (node, grown) = await GrowAsync(100); // 7 prefixes on eth0, 112 addresses
        var inUse = FirstAddresses(grown, 10);

        var proposed = (await Cluster.Node(node).ReportDemand(new DemandReport(10, 0, inUse))).Allocation.ProposedRelease;
        // Excess = 112 - 10 - 8 = 94 → five whole prefixes (80), none holding an address in use.
        Assert.Equal(5, proposed.Length);
        Assert.DoesNotContain(proposed, p => inUse.Any(a => Ipv4.PrefixContains(p, a)));

        await Cluster.Node(node).ReportDemand(new DemandReport(10, 0, inUse, proposed));
        Cluster.Time!.Advance(TimeSpan.FromSeconds(175));
        await Cluster.Node(node).ReportDemand(new DemandReport(10, 0, inUse)); // queued behind any tick: the tick has run
        Assert.DoesNotContain(Cluster.TrailFor([node]), t => t.Action == "UnassignPrivateIpAddresses");

        Cluster.Time.Advance(TimeSpan.FromSeconds(10));
        var unassign = await Eventually.Until(() => Cluster.TrailFor([node]).SingleOrDefault(t => t.Action == "UnassignPrivateIpAddresses"),
            t => t is not null, "an UnassignPrivateIpAddresses after the release delay");
        Assert.Equal(("OK", 5), (unassign!.Outcome, unassign.Count));

        var after = await Eventually.Until(() => Cluster.Node(node).GetAllocation(), a => a.Available < 112, "the node applies the release");
        Assert.Equal(32, after.Available);
        var held = after.Enis.SelectMany(e => e.Prefixes).ToList();
        Assert.All(inUse, a => Assert.Contains(held, p => Ipv4.PrefixContains(p, a)));
        Assert.Empty(after.ProposedRelease);
    }

    [Fact]
    public async Task A_proposal_is_withdrawn_when_an_address_inside_it_is_reported_in_use()
    {
        var (node, grown) = await GrowAsync(100);
        var inUse = FirstAddresses(grown, 10);
        var proposed = (await Cluster.Node(node).ReportDemand(new DemandReport(10, 0, inUse))).Allocation.ProposedRelease;
        await Cluster.Node(node).ReportDemand(new DemandReport(10, 0, inUse, proposed));

        // A pod starts on an address inside the first proposed prefix.
        var network = Ipv4.ParseCidr(proposed[0]).Network;
        var nowInUse = inUse.Add(Ipv4.Format(network + 3));
        await Cluster.Node(node).ReportDemand(new DemandReport(11, 0, nowInUse));
        Cluster.Time!.Advance(TimeSpan.FromSeconds(200));
        await Cluster.Node(node).ReportDemand(new DemandReport(11, 0, nowInUse));

        Assert.DoesNotContain(Cluster.TrailFor([node]), t => t.Action == "UnassignPrivateIpAddresses" && t.Detail?.Contains(proposed[0], StringComparison.Ordinal) == true);
        var held = (await Cluster.Node(node).GetAllocation()).Enis.SelectMany(e => e.Prefixes);
        Assert.Contains(proposed[0], held);
    }

    [Fact]
    public async Task Acknowledging_a_prefix_the_node_does_not_hold_is_refused_and_changes_nothing()
    {
        var (node, _) = await GrowAsync(20);
        var before = await Cluster.Client.GetGrain<Fleet.Grains.Node.INodeStateGrain>(node).GetState();

        var result = await Cluster.Node(node).ReportDemand(new DemandReport(5, 0, null, ["10.200.0.0/28"]));

        Assert.Equal(DemandOutcome.ForeignAddress, result.Outcome);
        var after = await Cluster.Client.GetGrain<Fleet.Grains.Node.INodeStateGrain>(node).GetState();
        Assert.Equal((before.Demand!.Used, before.Version), (after.Demand!.Used, after.Version));
    }

    private async Task<(string Node, NodeAllocation Allocation)> GrowAsync(int used)
    {
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).SetSpec(new NodeSpecDto { PrefixDelegation = "on" });
        await Cluster.Node(node).ReportDemand(new DemandReport(used));
        Cluster.Time!.Advance(TimeSpan.FromSeconds(10)); // the Assign bucket holds one token per 10 s
        return (node, (await Cluster.WaitForAllAsync([node]))[0]);
    }

    private static ImmutableArray<string> FirstAddresses(NodeAllocation allocation, int count)
    {
        var first = Ipv4.ParseCidr(allocation.Enis.SelectMany(e => e.Prefixes).First()).Network;
        return [.. Enumerable.Range(0, count).Select(i => Ipv4.Format(first + (uint)i))];
    }
}
