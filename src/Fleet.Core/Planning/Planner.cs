using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// Decides a node's next EC2 call from its state, spec, demand and subnet view. Pure: the same inputs always give
/// the same action. The critical path (attach a created ENI; grow an ENI; create an ENI) comes first, sized to reach
/// the target in the fewest calls the slots allow; housekeeping (DeleteOnTermination) only when nothing is critical.
/// No call is planned that is bound to fail: slot, ENI and subnet limits are checked first.
/// </summary>
public static class Planner
{
    /// <summary>The next call: critical if any, else housekeeping.</summary>
    public static PlanOutcome Plan(PlanningContext context)
    {
        var critical = PlanCritical(context);
        if (critical.Action is not null)
        {
            return critical;
        }

        var housekeeping = PlanHousekeeping(context);
        return housekeeping is null ? critical : critical with { Action = housekeeping };
    }

    /// <summary>The next capacity-adding call, or why there is none.</summary>
    public static PlanOutcome PlanCritical(PlanningContext context)
    {
        var (node, spec, demand, subnets) = context;
        var targets = NodeTargets.Compute(node, spec, demand);
        NodeTargets.ResolvePrefixMode(spec, node.Limits, out var prefixError);
        if (prefixError is not null)
        {
            return new PlanOutcome(null, PlanStatus.Blocked, PlanLimit.PrefixDelegationUnsupported, prefixError, targets, 0, targets.Needed);
        }

        if (node.FirstUnattached() is { } eni)
        {
            var lowerBound = LowerBound.CapacityCalls(context);
            var slot = InterfaceSlots.NextAttachment(node, spec.FirstInterfaceIndex);
            if (slot is null)
            {
                return new PlanOutcome(null, PlanStatus.Blocked, PlanLimit.InstanceOutOfInterfaces,
                    $"{eni.Id} was created but the instance has no free interface slot to attach it", targets, lowerBound, targets.Needed);
            }

            var attach = new AttachInterface(eni.Id, slot.Value.DeviceIndex, slot.Value.NetworkCard);
            return new PlanOutcome(attach, PlanStatus.Acting, PlanLimit.None, "attach the ENI created for this node", targets, lowerBound, 0);
        }

        if (targets.Needed == 0)
        {
            return targets.Unreachable > 0
                ? new PlanOutcome(null, PlanStatus.Blocked, CapLimit(targets), ExplainCap(targets), targets, 0, targets.Unreachable)
                : new PlanOutcome(null, PlanStatus.TargetMet, PlanLimit.None, "target met", targets, 0, 0);
        }

        // With every ENI attached, the lower bound is this model's cheapest cover: no second model is built for it.
        var model = CapacityModel.Build(node, spec, subnets, targets.PrefixMode);
        var (growCount, _, calls, covered) = model.Cheapest(targets.Needed);
        var shortfall = targets.Needed - covered;
        var limit = shortfall > 0 ? WhyShort(context, targets) : (targets.Unreachable > 0 ? CapLimit(targets) : PlanLimit.None);
        if (covered == 0)
        {
            return new PlanOutcome(null, PlanStatus.Blocked, limit, Explain(limit, shortfall), targets, 0, shortfall);
        }

        // Every call may bring the node up to target + max-above-watermark (or + the lookahead when demand is growing
        // faster, or to the prior's level while the node is young), never past max-allocate; the first call takes what it can.
        var wanted = Math.Max(Math.Max(targets.Ceiling, targets.Target + Math.Max(context.Lookahead, 0)), context.Prior);
        var reach = Math.Min(wanted, Math.Max(targets.MaxAllocate, targets.Ceiling));
        var allowance = Math.Max(reach - targets.Available, covered);
        PlannedAction action;
        var option = Steer(model, subnets, growCount);
        if (option.Eni is { } grown)
        {
            action = new AssignAddresses(grown.Id, option.Kind, option.UnitsFor(Math.Min(allowance, option.Capacity)));
        }
        else
        {
            action = new CreateInterface(option.SubnetId, option.Kind, option.UnitsFor(Math.Min(allowance, option.Capacity)), SecurityGroupsFor(node, spec));
        }

        var detail = shortfall > 0 ? Explain(limit, shortfall) : $"short by {targets.Needed} addresses";
        return new PlanOutcome(action, PlanStatus.Acting, limit, detail, targets, calls, shortfall);
    }

    /// <summary>
    /// The option the next call takes: the cheapest cover's first, unless its subnet is impaired (calls into it just
    /// failed transiently) and a healthy one can take the call instead: another of the node's ENIs, else a new ENI in a
    /// healthy sibling subnet. One impaired subnet is then not every node's problem, and not the node's for long.
    /// </summary>
    private static CapacityOption Steer(CapacityModel model, SubnetView subnets, int growCount)
    {
        var first = growCount > 0 ? model.Grow[0] : model.New[0];
        if (!Impaired(subnets, first.SubnetId))
        {
            return first;
        }

        foreach (var option in model.Grow.Concat(model.New))
        {
            if (!Impaired(subnets, option.SubnetId))
            {
                return option;
            }
        }

        return first;
    }

    private static bool Impaired(SubnetView subnets, string subnetId) => subnets.Find(subnetId)?.Impaired == true;

    /// <summary>Housekeeping for a node whose critical work is done: DeleteOnTermination on ENIs Fleet attached.</summary>
    public static PlannedAction? PlanHousekeeping(PlanningContext context)
    {
        if (!context.Spec.DeleteOnTermination)
        {
            return null;
        }

        if (context.Node.FirstOwnedKeptOnTermination() is { Attachment: { } attachment } eni)
        {
            return new SetDeleteOnTermination(eni.Id, attachment.AttachmentId);
        }

        return null;
    }

    /// <summary>Security groups for a new ENI: the spec's, else eth0's (as Cilium does).</summary>
    public static ImmutableArray<string> SecurityGroupsFor(NodeState node, NodeSpec spec)
    {
        if (!spec.SecurityGroups.IsDefaultOrEmpty)
        {
            return spec.SecurityGroups;
        }

        foreach (var eni in node.Enis)
        {
            if (eni.Attachment is { DeviceIndex: 0 })
            {
                return eni.SecurityGroups;
            }
        }

        return [];
    }

    private static PlanLimit WhyShort(PlanningContext context, NodeTargets targets)
    {
        // With every subnet unconstrained, could the instance's slots cover the need? Then the subnets are the limit.
        var unconstrained = CapacityModel.Build(context.Node, context.Spec, SubnetView.Unconstrained, targets.PrefixMode);
        return unconstrained.Reachable >= targets.Needed ? PlanLimit.SubnetsExhausted : PlanLimit.InstanceOutOfInterfaces;
    }

    private static PlanLimit CapLimit(NodeTargets targets) =>
        targets.CappedByInstance ? PlanLimit.InstanceOutOfInterfaces : PlanLimit.MaxAllocate;

    private static string ExplainCap(NodeTargets targets) => targets.CappedByInstance
        ? $"demand is {targets.Unreachable} addresses beyond the instance maximum of {targets.MaxAllocate}"
        : targets.CappedByMaxPods
            ? $"demand is {targets.Unreachable} addresses beyond max-pods + pre-allocate ({targets.MaxAllocate})"
            : $"demand is {targets.Unreachable} addresses beyond max-allocate {targets.MaxAllocate}";

    private static string Explain(PlanLimit limit, int shortfall) => limit switch
    {
        PlanLimit.InstanceOutOfInterfaces => $"instance is out of ENI and IPv4 slots: {shortfall} addresses of the target cannot be added",
        PlanLimit.SubnetsExhausted => $"the node's subnets have no room: {shortfall} addresses of the target cannot be added",
        PlanLimit.MaxAllocate => "demand is beyond max-allocate",
        _ => "target met",
    };
}
