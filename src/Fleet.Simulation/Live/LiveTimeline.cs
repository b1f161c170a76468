using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Live;

/// <summary>What happens at one instant of a live run's scenario.</summary>
internal enum LiveEventKind
{
    /// <summary>A node's agent reports for the first time.</summary>
    Join = 0,

    /// <summary>Pods of one node arrive or leave at the same instant (one demand report for all of them).</summary>
    Pods = 1,

    /// <summary>A node's instance is terminated.</summary>
    Leave = 2,

    /// <summary>A silo is killed.</summary>
    Kill = 3,
}

/// <summary>One scenario event: at scenario time <paramref name="At"/>, for node <paramref name="Node"/>, pods [<paramref name="From"/>, <paramref name="To"/>).</summary>
/// <param name="At">Scenario time.</param>
/// <param name="Kind">What happens.</param>
/// <param name="Node">The node's index (−1 for a kill).</param>
/// <param name="From">First pod event of the node's plan in this instant.</param>
/// <param name="To">One past the last.</param>
internal readonly record struct LiveEvent(TimeSpan At, LiveEventKind Kind, int Node, int From, int To);

/// <summary>The scenario as one time-ordered list of events, as the simulator replays it (same-instant pods folded).</summary>
internal static class LiveTimeline
{
    /// <summary>Every event of the scenario, plus the kill if any, in time order (ties in the order joins, pods, leaves, kill).</summary>
    public static List<LiveEvent> Build(Scenario scenario, TimeSpan? killAt)
    {
        var events = new List<LiveEvent>(scenario.Nodes.Sum(n => n.Pods.Length) + (2 * scenario.Nodes.Length) + 1);
        foreach (var node in scenario.Nodes)
        {
            events.Add(new LiveEvent(node.JoinAt, LiveEventKind.Join, node.Index, 0, 0));
            var pods = node.Pods;
            for (var i = 0; i < pods.Length;)
            {
                var j = i;
                while (j < pods.Length && pods[j].At == pods[i].At)
                {
                    j++;
                }

                events.Add(new LiveEvent(pods[i].At, LiveEventKind.Pods, node.Index, i, j));
                i = j;
            }

            if (node.LeaveAt is { } leave)
            {
                events.Add(new LiveEvent(leave, LiveEventKind.Leave, node.Index, 0, 0));
            }
        }

        if (killAt is { } kill)
        {
            events.Add(new LiveEvent(kill, LiveEventKind.Kill, -1, 0, 0));
        }

        return [.. events.OrderBy(e => e.At).ThenBy(e => e.Kind).ThenBy(e => e.Node)];
    }
}
