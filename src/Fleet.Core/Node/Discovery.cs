using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// The node's reads: its instance (discovery) and its ENIs (reconcile). EC2 is the source of truth, and eventually
/// consistent: a miss is read again, never taken for "gone" (only a terminated instance is); an ENI this node created
/// moments ago is kept although a describe does not show it yet; a describe without eth0 is not believed.
/// </summary>
internal static class Discovery
{
    public static void OnInstance(Turn t, InstanceDescribed answer)
    {
        t.L = t.L with { Reading = Read.None, LastLookup = answer.Lookup };
        var id = t.M.InstanceId;
        switch (answer.Lookup)
        {
            case InstanceLookup.Running:
                if (t.M.Instance is null)
                {
                    t.ReadSucceeded(); // not after a describe without eth0: that one's back-off stands
                }

                t.M = t.M with { Instance = answer.Facts };
                t.L = t.L with { NeedsReconcile = true };
                if (t.L.UncheckedIntent is { } pods)
                {
                    Intents.Accept(t, pods, advance: false); // brought forward below, or once the ENIs are read
                }

                if (t.L.Unchecked is not null)
                {
                    NodeLoop.StartRead(t, Read.Interfaces); // the report waits for the ENIs, once
                    return;
                }

                break;

            case InstanceLookup.Terminated:
                if (t.M.Demand is not null)
                {
                    t.M = t.M with { Terminated = true };
                    t.Note(new InstanceGone(answer.State ?? "terminated"));
                }

                AnswerUnchecked(t, ReportOutcome.UnknownInstance, $"EC2 says instance {id} is {answer.State ?? "terminated"}");
                Intents.AnswerUnchecked(t, IntentOutcome.UnknownInstance, $"EC2 says instance {id} is {answer.State ?? "terminated"}");
                break;

            case InstanceLookup.Missing:
                if (t.M.Demand is null)
                {
                    t.BackoffReads(); // the next report within the back-off gets the same answer without a describe
                    AnswerUnchecked(t, ReportOutcome.UnknownInstance,
                        $"EC2 does not know instance {id} (a new instance can take a few seconds to show: report again)");
                    Intents.AnswerUnchecked(t, IntentOutcome.UnknownInstance,
                        $"EC2 does not know instance {id} (a new instance can take a few seconds to show: declare again)");
                }
                else
                {
                    // Known before, not shown now: EC2's eventual consistency, until it says terminated. Read again later.
                    t.RecordError(Ec2Action.DescribeInstances, "InvalidInstanceID.NotFound", $"EC2 does not show instance {id} just now");
                    t.BackoffReads();
                    AnswerUnchecked(t, ReportOutcome.Ec2Unavailable, $"EC2 does not show instance {id} just now; nothing was stored, report again");
                    Intents.AnswerUnchecked(t, IntentOutcome.Ec2Unavailable, $"EC2 does not show instance {id} just now; nothing was stored, declare again");
                }

                break;

            default:
                var error = answer.Error ?? new Ec2Failure(Errors.Ec2ErrorKind.Transient, "NoResult", "no answer");
                t.RecordError(error.Code == "UnknownInstanceType" ? Ec2Action.DescribeInstanceTypes : Ec2Action.DescribeInstances, error.Code, error.Message);
                t.BackoffReads();
                AnswerUnchecked(t, ReportOutcome.Ec2Unavailable,
                    $"the instance could not be read from EC2 just now ({error.Message}); nothing was stored, report again");
                Intents.AnswerUnchecked(t, IntentOutcome.Ec2Unavailable,
                    $"the instance could not be read from EC2 just now ({error.Message}); nothing was stored, declare again");
                break;
        }

        NodeLoop.Advance(t);
    }

    public static void OnInterfaces(Turn t, InterfacesDescribed answer)
    {
        t.L = t.L with { Reading = Read.None };
        var id = t.M.InstanceId;
        if (answer.Error is { } error)
        {
            t.RecordError(Ec2Action.DescribeNetworkInterfaces, error.Code, error.Message);
            t.BackoffReads();
            Continue(t); // a waiting report is checked against the ENIs last seen
            return;
        }

        if (!answer.Enis.Any(e => e.AttachedTo == id && e.Eni.Attachment is { DeviceIndex: 0 }))
        {
            // A running instance always has eth0: a describe without it is EC2's eventual consistency (a freshly launched
            // instance), not the truth. Planning from it would create an extra ENI at device 1; read again after the
            // back-off. Or the instance is gone, eth0 with it: read the instance again, so a terminated one stops the node.
            t.RecordError(Ec2Action.DescribeNetworkInterfaces, "Inconsistent", $"EC2 does not show {id}'s primary interface yet");
            t.BackoffReads();
            if (t.L.Unchecked is { } waiting)
            {
                Reports.Accept(t, waiting);
            }

            NodeLoop.StartRead(t, Read.Instance);
            return;
        }

        t.ReadSucceeded();
        var enis = Merge(t.M, answer.Enis, t.Now, t.Options.ConsistencyGrace);
        t.M = t.M with
        {
            Enis = enis,
            CreatedAt = t.M.CreatedAt.Count == 0 ? t.M.CreatedAt : t.M.CreatedAt.RemoveRange(t.M.CreatedAt.Keys.Where(k => !enis.Any(e => e.Id == k))),
        };
        SettleIntent(t);
        ReleaseHandshake.DropStale(t);
        t.L = t.L with { NeedsReconcile = false, LastOutcome = null };
        t.Emit(RefreshSubnets.Instance);
        CheckProgress(t);
        Continue(t);
    }

    /// <summary>
    /// The ENIs to plan from: those attached to this instance, and those created for it (tagged) and not attached, but not
    /// ones it abandoned; ENIs it created within the grace that the describe does not show yet are kept. Attached first,
    /// by device index; an ENI's addresses are as it holds them (<see cref="CallEffects.AsHeld"/>), whatever the answer says.
    /// </summary>
    internal static ImmutableArray<Eni> Merge(NodeMemory m, ImmutableArray<SeenEni> seen, DateTimeOffset now, TimeSpan grace)
    {
        var id = m.InstanceId;
        var merged = seen
            .Where(s => !m.Abandoned.Contains(s.Eni.Id))
            .Where(s => s.AttachedTo is { } owner ? owner == id : s.Eni.Attachment is null && FleetTags.IsOwnedBy(s.Eni, id))
            .Select(s => CallEffects.AsHeld(s.Eni))
            .ToList();
        foreach (var recent in m.Enis)
        {
            if (!merged.Exists(e => e.Id == recent.Id) && m.CreatedAt.TryGetValue(recent.Id, out var at) && now - at < grace)
            {
                merged.Add(recent);
            }
        }

        return [.. merged.OrderBy(e => e.Attachment is null ? int.MaxValue : e.DeviceIndex).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    private static void Continue(Turn t)
    {
        if (t.L.Unchecked is { } waiting)
        {
            Reports.Accept(t, waiting);
        }
        else
        {
            NodeLoop.Advance(t);
        }
    }

    /// <summary>
    /// A create is settled when an ENI carrying its token exists; otherwise it is retried with that token. Every other
    /// call's effect is visible in the describe just read, so planning again from it is safe.
    /// </summary>
    private static void SettleIntent(Turn t)
    {
        if (t.M.Intent is not { } intent)
        {
            return;
        }

        if (intent.Action is not CreateInterface
            || t.M.Enis.Any(e => e.Tags.TryGetValue(FleetTags.Intent, out var token) && token == intent.ClientToken))
        {
            t.Note(new IntentSettled(intent.Action.Call));
            t.M = t.M with { Intent = null };
        }
    }

    /// <summary>A call that seemed to add nothing is judged by the describe: if capacity did grow, it was progress after all.</summary>
    private static void CheckProgress(Turn t)
    {
        if (t.L.ProgressCheck is not { } held)
        {
            return;
        }

        var now = NodeTargets.Compute(t.M.Node!, t.M.Spec, t.M.CurrentDemand).Available;
        t.L = t.L with { ProgressCheck = null, CallsWithoutProgress = now > held ? 0 : t.L.CallsWithoutProgress };
    }

    private static void AnswerUnchecked(Turn t, ReportOutcome outcome, string detail)
    {
        if (t.L.Unchecked is not null)
        {
            t.L = t.L with { Unchecked = null };
            t.Answer(outcome, detail);
        }
    }
}
