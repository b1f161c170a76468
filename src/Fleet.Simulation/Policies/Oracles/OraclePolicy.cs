using Fleet.Core.Node;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Oracles;

/// <summary>
/// An offline oracle: it knows each node's peak demand from the scenario, so at the node's join it makes the
/// capacity-adding calls that reach the target for that demand, each as soon as EC2's bucket for it holds a token
/// (nodes in join order, first come first served), through the same emulator as every policy. Housekeeping is not
/// counted: oracles only bound the critical path. <see cref="First"/> lets an oracle pick its first call.
/// </summary>
internal abstract class OraclePolicy : IPolicy
{
    private PolicyContext _context = null!;
    private OracleWorld _world = null!;

    public abstract string Name { get; }

    protected OracleWorld World => _world;

    public void Start(PolicyContext context)
    {
        _context = context;
        _world = new OracleWorld(context);
    }

    public void OnJoined(SimNode node)
    {
        var state = _world.Start[node.InstanceId];
        var planning = Planning(node, state);
        var first = First(planning) ?? Planner.PlanCritical(planning).Action;
        if (first is not null)
        {
            Schedule(node, state, first);
        }
    }

    public void OnDemand(SimNode node)
    {
    }

    public void OnLeft(SimNode node)
    {
    }

    /// <summary>The first call, or null for the call-minimising plan's.</summary>
    protected abstract PlannedAction? First(PlanningContext planning);

    protected PlanningContext Planning(SimNode node, NodeState state) =>
        new(state, node.Spec, new Demand(node.Plan.PeakPods), _world.Subnets);

    private void Schedule(SimNode node, NodeState state, PlannedAction action)
    {
        var wait = _world.Bucket(action.Call).Reserve();
        _context.Loop.After(wait + OracleWorld.Margin, () =>
        {
            var token = action is CreateInterface ? $"oracle-{node.InstanceId}-{state.Enis.Length}" : null;
            PlannedCalls.Send(_context.Ec2, CallPath.Critical, node.InstanceId, "bench", action, token, result =>
            {
                if (result is CallFailed)
                {
                    // Someone else spent EC2's token (a neighbour), or a transient fault: try the same call again.
                    Schedule(node, state, action);
                    return;
                }

                var next = state with { Enis = CallEffects.Apply(state, node.Spec, action, result).Enis };
                if (node.Active)
                {
                    node.SetCapacity(NodeTargets.Compute(next, node.Spec, node.Demand).Available);
                }

                if (Planner.PlanCritical(Planning(node, next)).Action is { } following)
                {
                    Schedule(node, next, following);
                }
            });
        });
    }
}
