using Fleet.Core.Model;

namespace Fleet.Core.Planning;

/// <summary>Everything the planner needs to decide a node's next call: a value made for each plan (a struct: a report plans once).</summary>
/// <param name="Node">The node's instance facts and ENIs.</param>
/// <param name="Spec">The node's spec.</param>
/// <param name="Demand">The demand last reported.</param>
/// <param name="Subnets">What the subnets can still give.</param>
public readonly record struct PlanningContext(NodeState Node, NodeSpec Spec, Demand Demand, SubnetView Subnets)
{
    /// <summary>
    /// Addresses a call may fetch beyond target + max-above-watermark because demand is growing and the node's next
    /// call will not come soon (see <see cref="DemandTrend.Lookahead"/>). Never changes what is needed, only how much
    /// a call that is made anyway carries. Default 0.
    /// </summary>
    public int Lookahead { get; init; }

    /// <summary>
    /// The address level a call may reach for a node whose own demand has not yet shown its peak: the prior's pods +
    /// pre-allocate (see <see cref="Priors.NodePrior"/>), bound by max-allocate and max-pods like every reach. Late-bound
    /// like <see cref="Lookahead"/>: it never changes what is needed, only how much a call that is made anyway carries.
    /// Default 0.
    /// </summary>
    public int Prior { get; init; }

    /// <summary>A context with every subnet unconstrained.</summary>
    public PlanningContext(NodeState node, NodeSpec spec, Demand demand)
        : this(node, spec, demand, SubnetView.Unconstrained)
    {
    }
}
