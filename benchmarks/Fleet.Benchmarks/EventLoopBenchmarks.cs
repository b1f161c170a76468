using BenchmarkDotNet.Attributes;
using Fleet.Simulation.Engine;

namespace Fleet.Benchmarks;

/// <summary>
/// The simulator's event loop under churn's mix: 10,000 nodes, each with a pod event falling at a random instant within
/// the next 3 s (rescheduled by itself, as a node's pod cursor is) and, while it waits for a token, a tick every 5 s
/// (rescheduled by itself) — a quarter of the events are ticks, as in <c>fleet bench --scenario churn</c>. Ticks go
/// through the heap (<see cref="EventLoop.After"/>) or through a fixed-delay lane (<see cref="EventLoop.AfterFixed"/>);
/// the events and their order are the same. One operation is 60 s of virtual time: divide the mean by
/// <see cref="Events"/> for the cost of one event.
/// </summary>
[MemoryDiagnoser]
public class EventLoopBenchmarks
{
    private const int Nodes = 10_000;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);

    /// <summary>Whether ticks take the fixed-delay lane.</summary>
    [Params(false, true)]
    public bool FixedLane { get; set; }

    /// <summary>Events one operation runs (the same for both).</summary>
    public long Events { get; private set; }

    [Benchmark(Description = "60 s of churn's event mix, 10,000 nodes")]
    public long Run()
    {
        var loop = new EventLoop(seed: 1);
        var random = new Random(5);
        for (var n = 0; n < Nodes; n++)
        {
            Action? pod = null;
            pod = () => loop.After(TimeSpan.FromTicks(random.NextInt64(3 * TimeSpan.TicksPerSecond)), pod!);
            loop.At(TimeSpan.FromTicks(random.NextInt64(3 * TimeSpan.TicksPerSecond)), pod);

            Action? tick = null;
            tick = FixedLane ? () => loop.AfterFixed(Tick, tick!) : () => loop.After(Tick, tick!);
            loop.At(TimeSpan.FromTicks(random.NextInt64(Tick.Ticks)), tick);
        }

        loop.Run(Duration);
        Events = loop.Processed;
        return loop.Processed;
    }
}
