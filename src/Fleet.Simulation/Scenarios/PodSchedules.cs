using System.Collections.Immutable;

namespace Fleet.Simulation.Scenarios;

/// <summary>Pod arrival and departure schedules, drawn from a seeded random source. All times are scenario time.</summary>
internal static class PodSchedules
{
    /// <summary><paramref name="pods"/> pods arriving uniformly at random within <paramref name="ramp"/> of <paramref name="start"/>.</summary>
    public static List<PodEvent> Ramp(Random random, TimeSpan start, TimeSpan ramp, int pods)
    {
        var events = new List<PodEvent>(pods);
        for (var i = 0; i < pods; i++)
        {
            events.Add(new PodEvent(start + (ramp * random.NextDouble()), +1));
        }

        return events;
    }

    /// <summary><paramref name="pods"/> departures uniformly at random within <paramref name="window"/> of <paramref name="start"/>.</summary>
    public static List<PodEvent> Drain(Random random, TimeSpan start, TimeSpan window, int pods)
    {
        var events = new List<PodEvent>(pods);
        for (var i = 0; i < pods; i++)
        {
            events.Add(new PodEvent(start + (window * random.NextDouble()), -1));
        }

        return events;
    }

    /// <summary>
    /// Pods that come and go around a steady <paramref name="target"/> count: each pod lives an exponential time
    /// (mean <paramref name="lifetime"/>) and is replaced after an exponential gap (mean <paramref name="gap"/>), until
    /// <paramref name="end"/>. The first <paramref name="target"/> arrive within <paramref name="ramp"/> of <paramref name="start"/>.
    /// </summary>
    public static List<PodEvent> Steady(Random random, TimeSpan start, TimeSpan ramp, int target, TimeSpan lifetime, TimeSpan gap, TimeSpan end)
    {
        var events = new List<PodEvent>(target * 4);
        foreach (var first in Ramp(random, start, ramp, target))
        {
            var arrive = first.At;
            while (arrive < end)
            {
                events.Add(new PodEvent(arrive, +1));
                var leave = arrive + Exponential(random, lifetime);
                if (leave >= end)
                {
                    break;
                }

                events.Add(new PodEvent(leave, -1));
                arrive = leave + Exponential(random, gap);
            }
        }

        return events;
    }

    /// <summary>Sorts events by time (departures before arrivals at the same instant) and freezes them.</summary>
    public static ImmutableArray<PodEvent> Freeze(IEnumerable<PodEvent> events) =>
        [.. events.OrderBy(e => e.At).ThenBy(e => e.Delta)];

    private static TimeSpan Exponential(Random random, TimeSpan mean) => mean * -Math.Log(1 - random.NextDouble());
}
