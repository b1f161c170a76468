using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>The release handshake: propose, the agent confirms, the delay passes, and only then — if still safe — release.</summary>
public sealed class ReleaseTests
{
    private static readonly string[] Prefixes = ["10.0.1.0/28", "10.0.1.16/28", "10.0.1.32/28", "10.0.1.48/28"];

    private static LoopHarness NodeWithExcess()
    {
        var node = new LoopHarness();
        node.Start(0);
        node.Memory = node.Memory with { Enis = [LoopHarness.Eth0 with { Prefixes = [.. Prefixes] }] };
        return node;
    }

    [Fact]
    public void Excess_is_proposed_confirmed_and_released_only_after_the_delay()
    {
        var node = NodeWithExcess();
        node.Report(2, inUse: ["10.0.1.1", "10.0.1.2"]);
        var proposal = node.Memory.Release!.Addresses;
        Assert.Equal(["10.0.1.48/28", "10.0.1.32/28", "10.0.1.16/28"], proposal.Prefixes.ToArray()); // highest first; the one in use stays

        node.Report(2, inUse: ["10.0.1.1", "10.0.1.2"], acks: [.. proposal.Prefixes]);
        Assert.False(node.Step(Ticked.Instance).Has<RequestToken>()); // confirmed, but the delay has not passed

        node.Now += node.Options.ReleaseDelay;
        var request = node.Step(Ticked.Instance).Single<RequestToken>();
        Assert.Equal((Ec2Action.UnassignPrivateIpAddresses, WorkClass.Housekeeping), (request.Action, request.Urgency.Class));

        var call = Assert.IsType<ReleaseAddresses>(node.Grant(9, Ec2Action.UnassignPrivateIpAddresses).Single<CallEc2>().Action);
        Assert.Equal(proposal.EniId, call.EniId);
        Assert.Equal(proposal.Prefixes.ToArray(), call.Prefixes.ToArray());
        node.Answer(CallSucceeded.Instance);
        Assert.Equal(["10.0.1.0/28"], node.Memory.Enis[0].Prefixes.ToArray());
        Assert.Null(node.Memory.Release);
    }

    [Fact]
    public void A_proposal_is_withdrawn_when_an_address_inside_it_is_reported_in_use()
    {
        var node = NodeWithExcess();
        node.Report(2, inUse: ["10.0.1.1", "10.0.1.2"]);
        node.Report(2, inUse: ["10.0.1.1", "10.0.1.2"], acks: [.. node.Memory.Release!.Addresses.Prefixes]);
        node.Now += node.Options.ReleaseDelay;

        node.Report(3, inUse: ["10.0.1.1", "10.0.1.2", "10.0.1.49"]);

        Assert.DoesNotContain("10.0.1.48/28", node.Memory.Release?.Addresses.Prefixes ?? []);
    }

    [Fact]
    public void A_late_acknowledgement_of_what_was_just_released_is_dropped_not_refused()
    {
        var node = NodeWithExcess();
        node.Report(2, inUse: ["10.0.1.1"]);
        var acks = node.Memory.Release!.Addresses.Prefixes;
        node.Report(2, inUse: ["10.0.1.1"], acks: acks);
        node.Now += node.Options.ReleaseDelay;
        node.Step(Ticked.Instance);
        node.Grant(9, Ec2Action.UnassignPrivateIpAddresses);
        node.Answer(CallSucceeded.Instance);

        var late = node.Report(2, inUse: ["10.0.1.1"], acks: acks);

        Assert.Equal(ReportOutcome.Accepted, late.Single<AnswerReport>().Outcome);
    }

    [Fact]
    public void An_acknowledgement_of_something_the_node_does_not_hold_is_refused_and_changes_nothing()
    {
        var node = NodeWithExcess();
        node.Report(2, inUse: ["10.0.1.1"]);
        var before = node.Memory;

        var refused = node.Report(2, inUse: ["10.0.1.1"], acks: ["10.9.9.0/28"]);

        Assert.Equal(ReportOutcome.ForeignAddress, refused.Single<AnswerReport>().Outcome);
        Assert.Same(before.Release, node.Memory.Release);
        Assert.False(refused.Has<Save>());
    }
}
