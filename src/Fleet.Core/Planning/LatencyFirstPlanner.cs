using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// An opt-in alternative to <see cref="Planner"/> that trades calls for time-to-capacity. EC2 throttles each action
/// from its own bucket, so when many nodes wait for AssignPrivateIpAddresses tokens, a node with a free ENI slot can
/// be served sooner by a new ENI (CreateNetworkInterface + AttachNetworkInterface, two other buckets) carrying the
/// same addresses: one call more, two buckets that are otherwise idle. Pure: the caller says how long each bucket's
/// queue would make the node wait (the throttle knows). Never changes what <see cref="Planner"/> decides.
/// </summary>
public static class LatencyFirstPlanner
{
    /// <summary>
    /// The planner's call, or a new ENI instead of an Assign when <paramref name="waits"/> say the new ENI's two calls
    /// would both be granted sooner than the Assign (by at least <see cref="PathWaits.Margin"/>).
    /// </summary>
    public static PlanOutcome Plan(PlanningContext context, PathWaits waits)
    {
        var plan = Planner.Plan(context);
        if (NewInterfaceInstead(context, plan) is not { } create)
        {
            return plan;
        }

        var viaNewEni = Max(waits.Create + waits.CreateLatency, waits.Attach) + waits.AttachLatency;
        return viaNewEni + waits.Margin < waits.Assign + waits.AssignLatency ? plan with { Action = create } : plan;
    }

    /// <summary>
    /// The new ENI that could replace the planner's Assign: same addresses (what the Assign would bring, up to one
    /// ENI's slots), in the subnet the planner would use for a new ENI. Null when the planner's call is not an Assign,
    /// no ENI slot is free, or no subnet has room.
    /// </summary>
    public static CreateInterface? NewInterfaceInstead(PlanningContext context, PlanOutcome plan)
    {
        if (plan.Action is not AssignAddresses assign || InterfaceSlots.Empty(context.Node) == 0)
        {
            return null;
        }

        var node = context.Node;
        var prefixMode = plan.Targets.PrefixMode;
        foreach (var subnet in SubnetChooser.Candidates(node, context.Spec, context.Subnets, prefixMode))
        {
            var free = assign.Kind == AddressKind.Prefix ? subnet.FreeBlocks : subnet.FreeAddresses - 1;
            var units = Math.Min(Math.Min(assign.Count, node.Limits.SecondarySlotsPerInterface), free);
            if (units >= assign.Count && subnet.FreeAddresses > 0)
            {
                return new CreateInterface(subnet.SubnetId, assign.Kind, units, Planner.SecurityGroupsFor(node, context.Spec));
            }
        }

        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// How long a node would wait for a token of each capacity-adding action (queue ahead of it over the bucket's
/// refill), and the typical latency of each call.
/// </summary>
/// <param name="Assign">Wait for an AssignPrivateIpAddresses token.</param>
/// <param name="Create">Wait for a CreateNetworkInterface token.</param>
/// <param name="Attach">Wait for an AttachNetworkInterface token.</param>
public readonly record struct PathWaits(TimeSpan Assign, TimeSpan Create, TimeSpan Attach)
{
    /// <summary>Typical Assign latency (EC2 median, client-side latencies reported in cilium/cilium#44539 (Describe*), DataDog/integrations-core#10143 (Attach), aws/amazon-vpc-cni-k8s#3480, #3105 and #624 (Assign, Create, Delete)). Default 500 ms.</summary>
    public TimeSpan AssignLatency { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Typical Create latency. Default 250 ms.</summary>
    public TimeSpan CreateLatency { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Typical Attach latency. Default 700 ms.</summary>
    public TimeSpan AttachLatency { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>How much sooner the new ENI must be to be worth its extra call. Default 2 s.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromSeconds(2);
}
