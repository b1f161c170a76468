using Fleet.Core.Planning;

namespace Fleet.Simulation.Policies.Oracles;

/// <summary>
/// <c>lower-bound-calls</c>: the fewest capacity-adding calls per node (Fleet.Core's <see cref="LowerBound"/>: the
/// planner's plan for the node's peak demand, known in advance), each served as early as EC2's per-action buckets
/// allow with those calls.
/// </summary>
internal sealed class LowerBoundCallsPolicy : OraclePolicy
{
    public override string Name => "lower-bound-calls";

    protected override PlannedAction? First(PlanningContext planning) => null;
}
