using Fleet.Core.Errors;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// A token arrived: plan with the demand now, persist the intent, make the one call; then apply EC2's answer, or
/// follow the error table.
/// </summary>
internal static class Calls
{
    public static void OnGranted(Turn t, TokenGranted grant)
    {
        // The next token will likely take about as long: the lookahead sizes this call to last until then.
        var l = t.Edit();
        l.Requested = null;
        l.LastWait = grant.Waited;
        l.Waits = grant.Waits ?? l.Waits;
        if (t.M.Terminated || t.M.Instance is null || t.M.Demand is null || t.L.NeedsReconcile || t.L.Busy)
        {
            Decline(t, grant);
            return;
        }

        if (NodeLoop.Decide(t, grant.Action) is not { } chosen || chosen.Action.Call != grant.Action)
        {
            Decline(t, grant); // demand changed while the token was on its way: give it back, ask for what is needed now
            return;
        }

        var action = chosen.Action;
        if (action is AssignAddresses or CreateInterface && Peaks.Reach(t) is { Pods: > 0 } prior)
        {
            t.Note(new PriorApplied(prior.Source, prior.Pods));
        }

        var intent = t.M.Intent;
        if (intent is null)
        {
            string? token = null;
            var sequence = t.M.IntentSequence;
            if (action is CreateInterface)
            {
                token = $"fleet-{t.M.InstanceId}-{++sequence}";
            }

            intent = new CallIntent(action, token, t.Now, 0);
            t.M = t.M with { IntentSequence = sequence };
        }

        t.M = t.M with { Intent = intent with { Attempts = intent.Attempts + 1 } };
        if (action is ReleaseAddresses releasing)
        {
            // Remembered with the intent, before EC2 sees the call: if the host dies after EC2 applied it, the agent's
            // late acknowledgement is still known to be stale.
            ReleaseHandshake.Remember(t, releasing);
        }

        t.Edit().Calling = grant.GrantId;
        t.Emit(Persist.Instance); // the intent is durable before EC2 sees the call
        t.Emit(new CallEc2(action, intent.ClientToken) { Cluster = NodeClusters.Of(t.M, t.Options) });
    }

    public static void OnAnswered(Turn t, CallResult result)
    {
        if (t.L.Calling is not { } grantId || t.M.Intent is not { } intent)
        {
            return; // not a call this activation made
        }

        var action = intent.Action;
        var error = (result as CallFailed)?.Error;
        t.L = t.L with
        {
            Calling = null,
            Completion = new GrantCompletion(grantId, error?.Kind == Ec2ErrorKind.Throttled ? CallOutcome.Throttled : CallOutcome.Sent),
        };
        t.M = t.M with { Calls = t.M.Calls.SetItem(action.Call, t.M.Calls.GetValueOrDefault(action.Call) + 1) };
        t.Note(new CallObserved(action, error, t.L.LastWait));
        if (error is null)
        {
            Applied(t, action, result);
        }
        else
        {
            Failed(t, action, error);
        }

        NodeLoop.Advance(t);
    }

    public static void OnAbandoned(Turn t, string reason)
    {
        if (t.L.Calling is not { } grantId || t.M.Intent is not { } intent)
        {
            return;
        }

        // Nothing reached EC2. A first attempt leaves no intent; a create being retried keeps its (durable) token.
        t.L = t.L with { Calling = null, Completion = new GrantCompletion(grantId, CallOutcome.Unused) };
        t.M = t.M with { Intent = intent.Attempts > 1 ? intent with { Attempts = intent.Attempts - 1 } : null };
        t.RecordError(intent.Action.Call, "NotPersisted", $"{intent.Action.Call} was not sent: its intent could not be written ({reason})");
        t.Backoff();
        NodeLoop.Advance(t);
    }

    private static void Decline(Turn t, TokenGranted grant)
    {
        t.L = t.L with { Completion = new GrantCompletion(grant.GrantId, CallOutcome.Unused) };
        NodeLoop.Advance(t);
    }

    private static void Applied(Turn t, PlannedAction action, CallResult result)
    {
        var node = t.M.Node!;
        var heldBefore = Targets.NodeTargets.Compute(node, t.M.Spec, t.M.CurrentDemand).Available;
        var applied = CallEffects.Apply(node, t.M.Spec, action, result);
        var createdAt = action is CreateInterface && result is InterfaceCreated created ? t.M.CreatedAt.SetItem(created.Eni.Id, t.Now) : t.M.CreatedAt;
        t.M = t.M with
        {
            Enis = applied.Enis,
            CreatedAt = createdAt,
            Intent = null,
            Release = action is ReleaseAddresses ? null : t.M.Release,
        };
        t.L = t.L with { ConsecutiveErrors = 0 };
        if (applied.Subnet is { } change && change.SubnetId.Length > 0)
        {
            t.Emit(change);
            t.Emit(RefreshSubnets.Instance);
        }

        if (action is AssignAddresses or CreateInterface)
        {
            CountProgress(t, action, applied.Gained, heldBefore);
        }
    }

    /// <summary>
    /// A capacity call EC2 accepted that added nothing usable is checked against a describe and counted; after
    /// <see cref="AllocatorOptions.NoProgressLimit"/> in a row the node stops calling, says why, and backs off.
    /// </summary>
    private static void CountProgress(Turn t, PlannedAction action, int gained, int heldBefore)
    {
        if (gained > 0)
        {
            t.L = t.L with { CallsWithoutProgress = 0, ProgressCheck = null };
            return;
        }

        var inARow = t.L.CallsWithoutProgress + 1;
        var stopped = inARow >= t.Options.NoProgressLimit;
        t.L = t.L with { CallsWithoutProgress = inARow, ProgressCheck = heldBefore, NeedsReconcile = true };
        var (asked, prefixes) = action switch
        {
            AssignAddresses a => ($"{a.Count} {(a.Kind == Targets.AddressKind.Prefix ? "prefixes" : "IPs")} on {a.EniId}", a.Kind == Targets.AddressKind.Prefix),
            CreateInterface c => ($"an ENI with {c.Count} {(c.Kind == Targets.AddressKind.Prefix ? "prefixes" : "IPs")} in {c.SubnetId}", c.Kind == Targets.AddressKind.Prefix),
            _ => (action.Describe(), false),
        };
        var hint = prefixes ? "; does this endpoint support prefix delegation? (set prefixDelegation: off to use secondary IPs)" : string.Empty;
        var pace = stopped ? "; one more after each back-off" : string.Empty;
        t.RecordError(action.Call, "NoProgress",
            $"EC2 accepted {action.Call} ({asked}) but no {(prefixes ? "prefix" : "address")} appeared{hint} ({inARow} calls without progress{pace})");
        t.Note(new NoProgress(action.Call, inARow, stopped));
        if (stopped)
        {
            t.Backoff(atLeast: inARow - t.Options.NoProgressLimit + 1);
        }
    }

    private static void Failed(Turn t, PlannedAction action, Ec2Failure error)
    {
        t.RecordError(action.Call, error.Code, error.Message);
        var response = ErrorTable.For(error, action);
        switch (response.Subnet)
        {
            case SubnetMark.Exhausted when SubnetOf(t, action) is { } subnet:
                t.Emit(new MarkSubnetExhausted(subnet, error.Kind == Ec2ErrorKind.SubnetOutOfPrefixes));
                t.Emit(RefreshSubnets.Instance);
                break;
            case SubnetMark.Impaired when SubnetOf(t, action) is { } subnet:
                t.Emit(new MarkSubnetImpaired(subnet));
                break;
        }

        if (response.Abandon && action is AttachInterface attach)
        {
            // The janitor deletes ENIs nobody expects; this node no longer does.
            t.M = t.M with { Enis = t.M.Enis.RemoveAll(e => e.Id == attach.EniId), Abandoned = t.M.Abandoned.Contains(attach.EniId) ? t.M.Abandoned : t.M.Abandoned.Add(attach.EniId) };
        }

        if (response.Rediscover)
        {
            t.M = t.M with { Instance = null };
        }

        if (response.Reconcile)
        {
            t.L = t.L with { NeedsReconcile = true };
        }

        switch (response.Backoff)
        {
            case ErrorBackoff.Step:
                t.Backoff();
                break;
            case ErrorBackoff.Long:
                t.Backoff(atLeast: ErrorTable.LongBackoffErrors);
                break;
        }

        if (!response.KeepIntent)
        {
            t.M = t.M with { Intent = null };
        }
    }

    private static string? SubnetOf(Turn t, PlannedAction action) => action switch
    {
        CreateInterface c => c.SubnetId,
        AssignAddresses a => t.M.Enis.FirstOrDefault(e => e.Id == a.EniId)?.SubnetId,
        _ => null,
    };
}
