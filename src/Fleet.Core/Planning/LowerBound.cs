using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// The fewest capacity-adding calls (Assign, Create, Attach) that can take a node from its state to its reachable
/// target. Housekeeping calls (DeleteOnTermination, tags, releases) are never counted here.
/// </summary>
public static class LowerBound
{
    /// <summary>
    /// Calls needed: one Attach per created-but-unattached ENI, then the cheapest mix of Assigns (1 call per grown
    /// ENI) and new ENIs (Create + Attach) that covers the remaining need.
    /// </summary>
    public static int CapacityCalls(PlanningContext context)
    {
        var (node, spec, demand, subnets) = context;
        var attaches = 0;
        var attached = node;
        foreach (var eni in node.Enis)
        {
            if (eni.Attachment is null)
            {
                var slot = InterfaceSlots.NextAttachment(attached, spec.FirstInterfaceIndex);
                if (slot is null)
                {
                    break;
                }

                attaches++;
                attached = attached.WithEni(eni with { Attachment = new EniAttachment("pending", slot.Value.DeviceIndex, slot.Value.NetworkCard, false) });
            }
        }

        var targets = NodeTargets.Compute(attached, spec, demand);
        if (targets.Needed == 0)
        {
            return attaches;
        }

        var model = CapacityModel.Build(attached, spec, subnets, targets.PrefixMode);
        return attaches + model.Cheapest(targets.Needed).Calls;
    }
}
