using Fleet.Simulation.Engine;

namespace Fleet.Simulation.Tests;

public sealed class EventLoopTests
{
    [Fact]
    public void Events_at_the_same_instant_run_in_the_order_they_were_scheduled()
    {
        var loop = new EventLoop(seed: 1);
        var order = new List<string>();
        loop.At(TimeSpan.FromSeconds(2), () => order.Add("b"));
        loop.At(TimeSpan.FromSeconds(1), () => order.Add("a"));
        loop.At(TimeSpan.FromSeconds(2), () => order.Add("c"));

        loop.Run(TimeSpan.FromSeconds(10));

        Assert.Equal(["a", "b", "c"], order);
        Assert.Equal(TimeSpan.FromSeconds(10), loop.Now);
    }

    [Fact]
    public void The_clock_reads_virtual_time_for_every_TimeProvider_consumer()
    {
        var loop = new EventLoop(seed: 1);
        DateTimeOffset seen = default;
        loop.After(TimeSpan.FromMinutes(3), () => seen = loop.Clock.GetUtcNow());

        loop.Run(TimeSpan.FromHours(1));

        Assert.Equal(VirtualClock.Epoch + TimeSpan.FromMinutes(3), seen);
        Assert.Equal(TimeSpan.FromHours(1), loop.Clock.GetElapsedTime(0));
    }
}
