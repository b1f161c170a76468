using Fleet.Core.Node;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>
/// A step changes its own copy of the loop state in place and reuses its thread's turn; neither may show: the memory a
/// step was given, and every memory an earlier step returned, stay as they were, and a step from the same memory gives
/// the same answer however often it is taken.
/// </summary>
public sealed class StepValueTests
{
    [Fact]
    public void A_step_leaves_the_memory_it_was_given_as_it_was()
    {
        var node = new LoopHarness();
        node.Start(20);
        var given = node.Memory;
        var loopBefore = given.Loop with { };

        node.Report(40); // other demand: the last plan is cleared, then planned again, in the step's own copy

        Assert.NotSame(given.Loop, node.Memory.Loop);
        Assert.Equal(loopBefore, given.Loop);
        Assert.NotEqual(loopBefore.LastOutcome, node.Memory.Loop.LastOutcome);
    }

    [Fact]
    public void A_memory_returned_by_one_step_is_not_changed_by_the_next()
    {
        var node = new LoopHarness();
        node.Start(20);
        node.Report(30);
        var returned = node.Memory;
        var copy = returned with { Loop = returned.Loop with { } };

        node.Grant(1, Ec2Action.AssignPrivateIpAddresses, TimeSpan.FromSeconds(3));
        node.Report(50);

        Assert.Equal(copy, returned);
        Assert.Equal(TimeSpan.FromSeconds(3), node.Memory.Loop.LastWait);
        Assert.Equal(TimeSpan.Zero, returned.Loop.LastWait);
    }

    [Fact]
    public void The_same_step_from_the_same_memory_gives_the_same_memory_and_effects_each_time()
    {
        var node = new LoopHarness();
        node.Start(20);
        var from = node.Memory;
        var report = new DemandReported(new AgentReport(45, 3));
        var context = new NodeContext(node.Now, node.Options, node.Subnets);

        var first = Node.NodeLoop.Step(from, report, context);
        var second = Node.NodeLoop.Step(from, report, context);

        AssertSameValue(first, second);
        Assert.NotSame(first.Memory.Loop, second.Memory.Loop);
    }

    [Fact]
    public void A_step_that_fails_leaves_the_next_step_unaffected()
    {
        var node = new LoopHarness();
        node.Start(20);
        var from = node.Memory;
        var context = new NodeContext(node.Now, node.Options, node.Subnets);
        var expected = Node.NodeLoop.Step(from, new DemandReported(new AgentReport(45, 3)), context);

        Assert.Throws<ArgumentOutOfRangeException>(() => Node.NodeLoop.Step(from, new UnknownEvent(), context));
        var after = Node.NodeLoop.Step(from, new DemandReported(new AgentReport(45, 3)), context);

        AssertSameValue(expected, after);
    }

    // A trend compares by reference (it shares its sample buffer with the trends it came from): compare what it keeps.
    private static void AssertSameValue(NodeStep expected, NodeStep actual)
    {
        Assert.Equal(expected.Memory.Trend.Snapshot(), actual.Memory.Trend.Snapshot());
        Assert.Equal(expected.Memory, actual.Memory with { Trend = expected.Memory.Trend });
        Assert.Equal(expected.Effects.ToArray(), actual.Effects.ToArray()); // an ImmutableArray equals only itself
    }

    private sealed record UnknownEvent : NodeEvent;
}
