using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>No progress, no more calls: an EC2 that accepts calls but adds nothing is not called forever.</summary>
public sealed class ProgressTests
{
    [Fact]
    public void Calls_that_add_nothing_are_checked_against_a_describe_and_after_the_limit_the_node_is_blocked_and_says_why()
    {
        var node = new LoopHarness();
        node.Start(20);
        var calls = 0;
        for (var round = 0; round < 10 && NodeStanding.Phase(node.Memory, node.Options) != NodePhase.Blocked; round++)
        {
            var call = node.Grant(round + 1, Ec2Action.AssignPrivateIpAddresses);
            if (!call.Has<CallEc2>())
            {
                break;
            }

            calls++;
            var answered = node.Answer(new AddressesAssigned([], [])); // accepted, but no prefix appeared
            Assert.True(answered.Has<DescribeInterfaces>()); // checked against what EC2 shows
            node.Described(LoopHarness.Eth0);
        }

        Assert.Equal(node.Options.NoProgressLimit, calls);
        Assert.Equal(NodePhase.Blocked, NodeStanding.Phase(node.Memory, node.Options));
        Assert.Contains("does this endpoint support prefix delegation?", NodeStanding.Detail(node.Memory, node.Options), StringComparison.Ordinal);
        Assert.True(node.Memory.Loop.BackoffUntil > node.Now);
        Assert.False(node.Report(20).Has<RequestToken>()); // backing off: no token asked
    }

    [Fact]
    public void An_answer_that_under_reported_is_progress_after_all_when_the_describe_shows_the_capacity()
    {
        var node = new LoopHarness();
        node.Start(20);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned([], []));
        Assert.Equal(1, node.Memory.Loop.CallsWithoutProgress);

        node.Described(LoopHarness.Eth0 with { Prefixes = ["10.0.1.0/28", "10.0.1.16/28"] });

        Assert.Equal(0, node.Memory.Loop.CallsWithoutProgress);
        Assert.Equal(NodePhase.Ready, NodeStanding.Phase(node.Memory, node.Options));
    }
}
