using System.Collections.Immutable;

namespace Fleet.Core.Planning;

/// <summary>One call of a dry run and the node's addresses after it.</summary>
/// <param name="Number">1-based position in the sequence.</param>
/// <param name="Action">The call.</param>
/// <param name="EniLabel">The ENI the call touches, as <c>ethN</c> once it has a device index.</param>
/// <param name="AddressesAfter">Addresses the node holds on counted ENIs after the call.</param>
public sealed record DryRunStep(int Number, PlannedAction Action, string EniLabel, int AddressesAfter);

/// <summary>The calls Fleet would make for a node, in order, until nothing is left to do.</summary>
/// <param name="Steps">Every call, critical and housekeeping.</param>
/// <param name="LowerBound">The fewest capacity-adding calls from the starting state.</param>
/// <param name="Final">The planner's answer once no call is left.</param>
public sealed record DryRunResult(ImmutableArray<DryRunStep> Steps, int LowerBound, PlanOutcome Final)
{
    /// <summary>Capacity-adding calls (Assign, Create, Attach).</summary>
    public int CriticalCalls => Steps.Count(s => s.Action.IsCritical);

    /// <summary>Housekeeping calls (DeleteOnTermination, releases).</summary>
    public int HousekeepingCalls => Steps.Length - CriticalCalls;
}

/// <summary>
/// Replays the planner against <see cref="SyntheticEc2"/> as if every call succeeded: what <c>fleet plan</c> shows
/// and what the property tests check.
/// </summary>
public static class DryRun
{
    /// <summary>Plans and applies calls until the planner has nothing left (at most <paramref name="maxSteps"/>).</summary>
    public static DryRunResult Run(PlanningContext start, int maxSteps = 1_000)
    {
        var ec2 = new SyntheticEc2();
        var context = start;
        var steps = ImmutableArray.CreateBuilder<DryRunStep>();
        var lowerBound = LowerBound.CapacityCalls(start);
        for (var i = 1; i <= maxSteps; i++)
        {
            var outcome = Planner.Plan(context);
            if (outcome.Action is null)
            {
                return new DryRunResult(steps.ToImmutable(), lowerBound, outcome);
            }

            var node = ec2.Apply(context.Node, outcome.Action);
            context = context with { Node = node };
            var after = Targets.NodeTargets.Compute(node, context.Spec, context.Demand).Available;
            steps.Add(new DryRunStep(i, outcome.Action, Label(node, outcome.Action), after));
        }

        throw new InvalidOperationException($"The planner did not settle within {maxSteps} calls; last state: {context.Node}.");
    }

    private static string Label(Model.NodeState node, PlannedAction action)
    {
        var eniId = action switch
        {
            AssignAddresses a => a.EniId,
            AttachInterface t => t.EniId,
            SetDeleteOnTermination d => d.EniId,
            ReleaseAddresses r => r.EniId,
            _ => node.Enis[^1].Id,
        };
        var eni = node.FindEni(eniId);
        return eni?.Attachment is { } a2 ? $"eth{a2.DeviceIndex}" : "new ENI";
    }
}
