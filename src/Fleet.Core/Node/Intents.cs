using Fleet.Core.Priors;
using Fleet.Core.Targets;

namespace Fleet.Core.Node;

/// <summary>
/// A provisioner's intent (<see cref="PodIntent"/>): checked against the instance like a report (read from EC2 first
/// when unknown), stored as a floor under the node's demand, and dropped once the demand reaches it or no pods arrived
/// for <see cref="PriorOptions.IntentExpiry"/>.
/// </summary>
internal static class Intents
{
    public static void OnIntent(Turn t, int pods)
    {
        if (pods is < 1 or > PodIntent.MaxPods)
        {
            t.AnswerIntent(IntentOutcome.OutOfRange, $"pods must be between 1 and {PodIntent.MaxPods}; it is {pods}");
            return;
        }

        if (t.M.Terminated)
        {
            t.AnswerIntent(IntentOutcome.UnknownInstance, $"EC2 says instance {t.M.InstanceId} is terminated");
            return;
        }

        if (t.M.Instance is not null)
        {
            Accept(t, pods);
            return;
        }

        if (t.L.LastLookup == InstanceLookup.Missing && t.L.ReadBackoffUntil > t.Now)
        {
            t.AnswerIntent(IntentOutcome.UnknownInstance, $"EC2 does not know instance {t.M.InstanceId} (a new instance can take a few seconds to show: declare again)");
            return;
        }

        // Checked against the instance's limits, so read it first; answered when the read is.
        t.L = t.L with { UncheckedIntent = pods };
        if (t.L.Reading == Read.None && t.L.Calling is null)
        {
            NodeLoop.StartRead(t, Read.Instance);
        }
    }

    /// <summary>Checks the intent against the node's instance; stores it and brings the node forward when it is in range.</summary>
    public static void Accept(Turn t, int pods, bool advance = true)
    {
        t.L = t.L with { UncheckedIntent = null };
        var limits = t.M.Instance!.Limits;
        var prefixMode = NodeTargets.ResolvePrefixMode(t.M.Spec, limits, out _);
        var instanceMax = CiliumMath.MaximumAllocatable(limits, t.M.Spec.FirstInterfaceIndex, prefixMode);
        if (t.M.Spec.MaxPods > 0 && pods > t.M.Spec.MaxPods)
        {
            t.AnswerIntent(IntentOutcome.OutOfRange, $"pods {pods} exceed the node's max-pods {t.M.Spec.MaxPods}");
            return;
        }

        if (pods > instanceMax)
        {
            t.AnswerIntent(IntentOutcome.OutOfRange, $"pods {pods} exceed the {instanceMax} addresses a {limits.InstanceType} can hold with this spec");
            return;
        }

        // A node launched moments ago has no agent yet: it allocates as one that reported no pods.
        t.M = t.M with
        {
            PodIntent = new PodIntent(pods, t.Now),
            Demand = t.M.Demand ?? new ReportedDemand(Model.Demand.None, null, t.Now),
        };
        t.L = t.L with { LastOutcome = null };
        t.AnswerIntent(IntentOutcome.Accepted, "accepted");
        t.Note(new IntentNoted(pods, true, string.Empty));
        if (advance)
        {
            NodeLoop.Advance(t);
        }
    }

    /// <summary>After a DescribeInstances that did not show a running instance: the waiting intent is answered with why.</summary>
    public static void AnswerUnchecked(Turn t, IntentOutcome outcome, string detail)
    {
        if (t.L.UncheckedIntent is not null)
        {
            t.L = t.L with { UncheckedIntent = null };
            t.AnswerIntent(outcome, detail);
        }
    }

    /// <summary>Drops an intent the demand has reached, or one no pods came for in time.</summary>
    public static void Expire(Turn t)
    {
        if (t.M.PodIntent is not { } intent)
        {
            return;
        }

        var demand = t.M.CurrentDemand;
        var lastGrowth = t.M.Peak.RoseAt > intent.At ? t.M.Peak.RoseAt : intent.At;
        var reason = demand.Used + demand.Pending >= intent.Pods ? "demand reached it"
            : t.Now - lastGrowth >= t.Options.Prior.IntentExpiry ? $"no pods arrived for {t.Options.Prior.IntentExpiry}"
            : null;
        if (reason is not null)
        {
            t.M = t.M with { PodIntent = null };
            t.L = t.L with { LastOutcome = null };
            t.Note(new IntentNoted(intent.Pods, false, reason));
        }
    }
}
