using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;

namespace Fleet.Simulation.Policies.Oracles;

/// <summary>
/// <c>lower-bound-latency</c>: each node is served by whichever path would finish first given the buckets as they
/// stand at its join — an Assign on an existing ENI, or a new ENI (Create + Attach, from their own buckets) carrying
/// the whole need — whatever it costs in calls. A greedy earliest-completion oracle over nodes in join order, with
/// EC2's median latencies used to compare the paths (Assign 500 ms; Create 250 ms + Attach 700 ms).
/// </summary>
internal sealed class LowerBoundLatencyPolicy : OraclePolicy
{
    private static readonly TimeSpan AssignLatency = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CreateLatency = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan AttachLatency = TimeSpan.FromMilliseconds(700);

    public override string Name => "lower-bound-latency";

    protected override PlannedAction? First(PlanningContext planning)
    {
        var plan = Planner.PlanCritical(planning);
        if (plan.Action is not AssignAddresses assign || InterfaceSlots.Empty(planning.Node) == 0)
        {
            return null;
        }

        var viaAssign = World.Bucket(Ec2Action.AssignPrivateIpAddresses).Peek() + AssignLatency;
        var create = World.Bucket(Ec2Action.CreateNetworkInterface).Peek();
        var attach = World.Bucket(Ec2Action.AttachNetworkInterface).Peek();
        var viaCreate = (create + CreateLatency > attach ? create + CreateLatency : attach) + AttachLatency;
        if (viaCreate >= viaAssign)
        {
            return null;
        }

        if (SubnetChooser.Candidates(planning.Node, planning.Spec, planning.Subnets, plan.Targets.PrefixMode).FirstOrDefault() is not { } best)
        {
            return null;
        }

        var slots = planning.Node.Limits.SecondarySlotsPerInterface;
        var units = assign.Kind == AddressKind.Prefix ? Math.Min(assign.Count, slots) : Math.Min(assign.Count, slots);
        return new CreateInterface(best.SubnetId, assign.Kind, units, Planner.SecurityGroupsFor(planning.Node, planning.Spec));
    }
}
