using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>The planner's answer: the next action (if any), the node's status and why, and the lower bound.</summary>
/// <param name="Action">The next EC2 call, or null.</param>
/// <param name="Status">Acting, target met, or blocked.</param>
/// <param name="Limit">What keeps the node from its full target, if anything.</param>
/// <param name="Detail">A sentence for operators.</param>
/// <param name="Targets">The node's watermarks.</param>
/// <param name="LowerBoundCalls">The fewest capacity-adding calls from this state to the reachable target.</param>
/// <param name="Shortfall">Addresses of the target no call can provide.</param>
public sealed record PlanOutcome(
    PlannedAction? Action,
    PlanStatus Status,
    PlanLimit Limit,
    string Detail,
    NodeTargets Targets,
    int LowerBoundCalls,
    int Shortfall);
