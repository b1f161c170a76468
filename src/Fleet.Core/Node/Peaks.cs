using Fleet.Core.Model;
using Fleet.Core.Priors;

namespace Fleet.Core.Node;

/// <summary>
/// The node's own peak and the priors it is sized by while young: the peak is watched on every accepted report,
/// recorded in the group's history once demand has plateaued (or the instance is gone), and until then the prior sets
/// how far a call reaches and keeps what it reserved from being released.
/// </summary>
internal static class Peaks
{
    /// <summary>A report was accepted: the peak follows demand up.</summary>
    public static void Observe(Turn t, Demand demand)
    {
        var peak = t.M.Peak.Observe(demand.Used + demand.Pending, t.Now);
        if (!ReferenceEquals(peak, t.M.Peak))
        {
            t.M = t.M with { Peak = peak };
        }
    }

    /// <summary>Records the peak when it is due: demand has plateaued, or the instance is gone.</summary>
    public static void RecordIfDue(Turn t)
    {
        var peak = t.M.Peak;
        if (t.M.Instance is not { } instance || !(peak.Due(t.Now, t.Options.Prior.PlateauAfter) || (t.M.Terminated && peak.Unrecorded)))
        {
            return;
        }

        var key = NodePrior.GroupKey(t.M.Spec, instance.InstanceType, NodeClusters.Of(t.M, t.Options)); // each cluster its own groups
        var sample = new PeakSample(peak.Pods, t.Now);
        t.Emit(new RecordPeak(key, sample, peak.Recorded));
        t.Note(new PeakRecorded(key, peak.Pods, peak.Recorded?.Pods));
        t.M = t.M with { Peak = peak with { Recorded = sample } };
    }

    /// <summary>The prior that sizes the node's calls now: none once its own peak was reached.</summary>
    public static PriorReach Reach(Turn t) =>
        t.M.Peak.Young ? NodePrior.For(t.M.Spec, t.Options.Prior, t.Context.GroupPeak) : PriorReach.None;

    /// <summary>The address level a call may reach for the prior (its pods + pre-allocate), or 0.</summary>
    public static int Level(Turn t) => Reach(t) is { Pods: > 0 } reach ? reach.Pods + t.M.Spec.EffectivePreAllocate : 0;

    /// <summary>
    /// The demand a release is judged against: while the node is young, what its prior expects, so capacity reserved for
    /// pods that are still coming is not given back before the node's demand has shown its peak.
    /// </summary>
    public static Demand Protected(Turn t)
    {
        var demand = t.M.PlanningDemand;
        var expected = Reach(t).Pods;
        return expected > demand.Used + demand.Pending ? demand with { Used = expected - demand.Pending } : demand;
    }

    /// <summary>Whether the node needs its periodic tick to notice that its demand has plateaued.</summary>
    public static bool Watching(NodeMemory m) => m.Peak.Unrecorded;
}
