using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Addressing;
using Fleet.Reliability.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Reliability.Tests.Faults;

/// <summary>
/// Found by the churn runs: an agent's report built from the allocation it had before a release still acknowledges
/// the released prefixes, and the node refused the whole report (ForeignAddress) — the agent's demand with it — once
/// per release. A stale acknowledgement of what was just released is now dropped; a foreign one is still refused.
/// </summary>
public sealed class StaleAcknowledgementTests
{
    [Fact]
    public async Task Acknowledging_prefixes_that_were_just_released_is_accepted_and_a_foreign_one_still_refused()
    {
        await using var cluster = await FaultCluster.StartAsync();
        var node = cluster.Launch(1)[0];
        var grain = cluster.Node(node);
        await grain.SetSpec(new NodeSpecDto { PrefixDelegation = "on" });
        await grain.ReportDemand(new DemandReport(100));
        var grown = await Eventually.Until(() => grain.GetAllocation(), a => a.Status == NodeStatus.Ready, "the node holds 100 addresses");
        var first = Ipv4.ParseCidr(grown.Enis.SelectMany(e => e.Prefixes).First()).Network;
        ImmutableArray<string> inUse = [.. Enumerable.Range(0, 10).Select(i => Ipv4.Format(first + (uint)i))];

        var proposed = (await grain.ReportDemand(new DemandReport(10, 0, inUse))).Allocation.ProposedRelease;
        Assert.NotEmpty(proposed);
        Assert.Equal(DemandOutcome.Accepted, (await grain.ReportDemand(new DemandReport(10, 0, inUse, proposed))).Outcome);
        await Eventually.Until(() => grain.GetAllocation(), a => !a.Enis.SelectMany(e => e.Prefixes).Intersect(proposed).Any(), "the proposed prefixes are released");

        var stale = await grain.ReportDemand(new DemandReport(12, 0, inUse, proposed));
        Assert.Equal((DemandOutcome.Accepted, 12), (stale.Outcome, stale.Allocation.Used));

        // Also after the grain moved (here: deactivated and activated again from its persisted state), as after a
        // silo restart: the process runs found HTTP agents stuck re-sending a stale acknowledgement that was refused.
        await cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var later = await grain.ReportDemand(new DemandReport(11, 0, inUse, proposed));
        Assert.Equal((DemandOutcome.Accepted, 11), (later.Outcome, later.Allocation.Used));

        var foreign = await grain.ReportDemand(new DemandReport(13, 0, inUse, ["10.200.0.0/28"]));
        Assert.Equal((DemandOutcome.ForeignAddress, 11), (foreign.Outcome, foreign.Allocation.Used));
    }
}
