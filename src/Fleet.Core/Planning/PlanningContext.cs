using Fleet.Core.Model;

namespace Fleet.Core.Planning;

/// <summary>Everything the planner needs to decide a node's next call.</summary>
/// <param name="Node">The node's instance facts and ENIs.</param>
/// <param name="Spec">The node's spec.</param>
/// <param name="Demand">The demand last reported.</param>
/// <param name="Subnets">What the subnets can still give.</param>
public sealed record PlanningContext(NodeState Node, NodeSpec Spec, Demand Demand, SubnetView Subnets)
{
    /// <summary>A context with every subnet unconstrained.</summary>
    public PlanningContext(NodeState node, NodeSpec spec, Demand demand)
        : this(node, spec, demand, SubnetView.Unconstrained)
    {
    }
}
