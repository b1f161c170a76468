using System.Collections.Immutable;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Policies;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Replays one node's pod plan in the engine: at most one of its pod events waits in the loop at a time, so the node
/// keeps one cursor (the next pod of the plan) and one delegate for all of them instead of a closure per event.
/// </summary>
internal sealed class PodCursor
{
    private readonly IPolicy _policy;
    private readonly SimNode _node;
    private readonly EventLoop _loop;
    private readonly TimeSpan _start;
    private readonly ImmutableArray<PodEvent> _pods; // the plan's, kept here: one object fewer to reach per event
    private readonly Action _arrive;
    private int _next;

    /// <summary>A cursor at the plan's first pod; nothing is scheduled until <see cref="ScheduleNext"/>.</summary>
    /// <param name="policy">The policy told of each change of demand.</param>
    /// <param name="node">The node whose pods come and go.</param>
    /// <param name="loop">The engine.</param>
    /// <param name="start">When the scenario started (pod times are offsets from it).</param>
    public PodCursor(IPolicy policy, SimNode node, EventLoop loop, TimeSpan start)
    {
        _policy = policy;
        _node = node;
        _loop = loop;
        _start = start;
        _pods = node.Plan.Pods;
        _arrive = Arrive;
    }

    /// <summary>Schedules the pods of the plan's next instant, if any are left.</summary>
    public void ScheduleNext()
    {
        var pods = _pods;
        if (_next < pods.Length)
        {
            _loop.At(_start + pods[_next].At, _arrive);
        }
    }

    private void Arrive()
    {
        if (!_node.Active)
        {
            return;
        }

        // Pods of the same instant arrive together: one demand report for all of them.
        var pods = _pods;
        var at = pods[_next].At;
        while (_next < pods.Length && pods[_next].At == at)
        {
            if (pods[_next].Delta > 0)
            {
                _node.Arrive();
            }
            else
            {
                _node.Depart();
            }

            _next++;
        }

        _policy.OnDemand(_node);
        ScheduleNext();
    }
}
