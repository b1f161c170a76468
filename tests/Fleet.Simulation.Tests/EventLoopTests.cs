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

    [Fact]
    public void Events_of_a_fixed_delay_run_in_the_order_the_queue_alone_would_give_them()
    {
        // The same seeded cascade twice: each event schedules more at random instants and at a few fixed delays (some
        // equal to each other's sums, so instants collide), once all through the queue and once through the lanes.
        Assert.Equal(Cascade(fixedLanes: false), Cascade(fixedLanes: true));
    }

    [Fact]
    public void A_fixed_delay_beyond_the_lanes_still_runs_in_order()
    {
        var loop = new EventLoop(seed: 1);
        var order = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var n = i;
            loop.AfterFixed(TimeSpan.FromSeconds(8 - i), () => order.Add(n)); // eight delays, four lanes
        }

        loop.At(TimeSpan.FromSeconds(4), () => order.Add(100));
        loop.Run(TimeSpan.FromMinutes(1));

        Assert.Equal([7, 6, 5, 4, 100, 3, 2, 1, 0], order);
        Assert.Equal(0, loop.Pending);
    }

    private static List<(long Ticks, int Id)> Cascade(bool fixedLanes)
    {
        var loop = new EventLoop(seed: 7);
        var random = new Random(11);
        var seen = new List<(long, int)>();
        TimeSpan[] periods = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)];
        var next = 0;

        void Schedule(int depth)
        {
            var id = next++;
            void Run()
            {
                seen.Add((loop.Now.Ticks, id));
                if (depth < 6)
                {
                    for (var k = random.Next(3); k >= 0; k--)
                    {
                        Schedule(depth + 1);
                    }
                }
            }

            switch (random.Next(3))
            {
                case 0:
                    loop.At(TimeSpan.FromSeconds(random.Next(60)), Run);
                    break;
                default:
                    var period = periods[random.Next(periods.Length)];
                    if (fixedLanes)
                    {
                        loop.AfterFixed(period, Run);
                    }
                    else
                    {
                        loop.After(period, Run);
                    }

                    break;
            }
        }

        for (var i = 0; i < 20; i++)
        {
            Schedule(0);
        }

        loop.Run(TimeSpan.FromHours(1));
        Assert.True(seen.Count > 200, $"the cascade ran {seen.Count} events");
        return seen;
    }
}
