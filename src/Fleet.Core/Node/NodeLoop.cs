using Fleet.Core.Planning;
using Fleet.Core.Throttling;

namespace Fleet.Core.Node;

/// <summary>
/// The node loop (DESIGN §3.1), once, for every host: a pure, synchronous state machine from a memory and an event to
/// the next memory and the effects its host must carry out. A report only updates the demand; the node reads its
/// instance and ENIs from EC2 before it acts; when short it asks the throttle for a token for the call the planner
/// would make now, and when the token arrives it plans again from the demand at that moment (ten reports while
/// queued become one call), persists the intent, makes the one call, applies EC2's answer and asks again until the
/// target is met. When long, it proposes whole free prefixes for release and releases them after the agent's
/// confirmation and the release delay. The node grain and the simulator's Fleet policy are two interpreters of it.
/// </summary>
public static class NodeLoop
{
    /// <summary>Applies one event.</summary>
    public static NodeStep Step(NodeMemory memory, NodeEvent e, NodeContext context)
    {
        var turn = Turn.Start(memory, context);
        switch (e)
        {
            case DemandReported report:
                Reports.OnReport(turn, report.Report);
                break;
            case IntentDeclared intent:
                Intents.OnIntent(turn, intent.Pods);
                break;
            case SpecChanged spec:
                Reports.OnSpec(turn, spec.Spec, spec.Caller);
                break;
            case TokenGranted grant:
                Calls.OnGranted(turn, grant);
                break;
            case CallAnswered answer:
                Calls.OnAnswered(turn, answer.Result);
                break;
            case CallAbandoned abandoned:
                Calls.OnAbandoned(turn, abandoned.Reason);
                break;
            case InstanceDescribed instance:
                Discovery.OnInstance(turn, instance);
                break;
            case InterfacesDescribed interfaces:
                Discovery.OnInterfaces(turn, interfaces);
                break;
            case Ticked:
                OnTick(turn);
                break;
            case Resumed:
                Advance(turn);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown node event.");
        }

        return turn.Finish();
    }

    /// <summary>
    /// Whether the node's next step may use its group's quantile peak (<see cref="NodeContext.GroupPeak"/>): the group
    /// prior is on, the node's own peak is not yet known and its instance type is. A host reads the group's history only
    /// then.
    /// </summary>
    public static bool WantsGroupPeak(NodeMemory memory, AllocatorOptions options) =>
        options.Prior.Mode == Priors.PriorMode.Group && memory.Peak.Young && memory.Instance is not null && !memory.Terminated;

    /// <summary>The history key of the node's group, once its instance type is known.</summary>
    public static string? GroupKey(NodeMemory memory, AllocatorOptions options) =>
        memory.Instance is { } i ? Priors.NodePrior.GroupKey(memory.Spec, i.InstanceType, NodeClusters.Of(memory, options)) : null;

    /// <summary>Brings the node forward after any event: reads what it must, then holds its place at the throttle.</summary>
    internal static void Advance(Turn t)
    {
        Intents.Expire(t);
        Peaks.RecordIfDue(t);
        if (t.L.Busy)
        {
            // A read or a call is in flight; its answer brings the node forward. A grant declined meanwhile goes back now.
            if (t.L.Completion is { } declined)
            {
                t.Edit().Completion = null;
                t.Emit(new CompleteGrant(declined.GrantId, declined.Outcome, null));
            }
        }
        else
        {
            Send(t, Want(t));
        }

        TrackShortfall(t);
        EnsureTick(t);
    }

    /// <summary>The call the node would make now and its urgency; starts a read instead when one is needed first.</summary>
    private static (PlannedAction Action, Urgency Urgency)? Want(Turn t)
    {
        if (t.M.Terminated || (t.M.Demand is null && t.L.Unchecked is null))
        {
            return null;
        }

        // Reads first: EC2 is the source of truth. A read that failed is tried again after its own back-off.
        if (t.M.Instance is null || t.L.NeedsReconcile)
        {
            if (!(t.L.ReadBackoffUntil > t.Now))
            {
                StartRead(t, t.M.Instance is null ? Read.Instance : Read.Interfaces);
            }

            return null;
        }

        return t.M.Demand is null || t.L.BackoffUntil > t.Now ? null : Decide(t, granted: null);
    }

    /// <summary>Starts a describe (one at a time).</summary>
    internal static void StartRead(Turn t, Read read)
    {
        t.L = t.L with { Reading = read };
        t.Emit(read == Read.Instance ? DescribeInstance.Instance : DescribeInterfaces.Instance);
    }

    /// <summary>
    /// The call the node would make now and its urgency; null when there is nothing to do. A create whose outcome is
    /// unknown is retried as it was (same client token), unless its subnet is impaired, the consistency grace has passed
    /// and a healthy one can take the call; otherwise critical work first, then housekeeping, then a release that is due.
    /// </summary>
    internal static (PlannedAction Action, Urgency Urgency)? Decide(Turn t, Ec2Action? granted)
    {
        var demand = t.M.CurrentDemand;
        PlanOutcome outcome;
        if (t.M.Intent is { Action: CreateInterface create } retry)
        {
            if (!Impaired(t, create.SubnetId) || t.Now - retry.CreatedAt < t.Options.ConsistencyGrace || !HealthyInstead(t, granted, out outcome))
            {
                return (retry.Action, Urgency.Critical(Math.Max(t.L.LastOutcome?.Targets.Needed ?? 1, 1), demand.Pending));
            }

            // Older than the consistency grace, and the describe since the failure showed no ENI with the token: give it
            // up for a healthy sibling. Within the grace a create that EC2 applied but did not answer may not show yet,
            // and a second ENI would be one too many (one EC2 created later still carries a token nobody holds, and the
            // janitor deletes it).
            t.Note(new IntentAbandoned(create.SubnetId));
            t.M = t.M with { Intent = null };
        }
        else
        {
            outcome = Plan(t, granted);
        }

        if (!Equals(outcome, t.L.LastOutcome))
        {
            t.Edit().LastOutcome = outcome; // a plan that comes out the same (a tick's, often) changes nothing
        }
        if (outcome.Action is { IsCritical: true } critical)
        {
            ReleaseHandshake.Cancel(t);
            return (critical, Urgency.Critical(outcome.Targets.Needed, demand.Pending));
        }

        if (outcome.Action is { } housekeeping)
        {
            return (housekeeping, Urgency.Housekeeping);
        }

        return ReleaseHandshake.Due(t, outcome) is { } release ? (release, Urgency.Housekeeping) : null;
    }

    private static bool Impaired(Turn t, string subnetId) => t.Context.Subnets.Find(subnetId)?.Impaired == true;

    private static bool HealthyInstead(Turn t, Ec2Action? granted, out PlanOutcome outcome)
    {
        outcome = Plan(t, granted);
        return outcome.Action switch
        {
            CreateInterface c => !Impaired(t, c.SubnetId),
            AssignAddresses a => t.M.Enis.FirstOrDefault(e => e.Id == a.EniId) is { } eni && !Impaired(t, eni.SubnetId),
            _ => false,
        };
    }

    private static PlanOutcome Plan(Turn t, Ec2Action? granted)
    {
        var context = t.Planning(t.M.Trend);
        var waits = t.Context.Waits ?? t.L.Waits;
        if (!t.Options.LatencyFirst || waits is not { } w)
        {
            return Planner.Plan(context);
        }

        // Latency-first: choose by the queues now; at the grant, keep the path the token was granted for.
        var plan = LatencyFirstPlanner.Plan(context, w);
        if (granted == Ec2Action.CreateNetworkInterface && plan.Action is AssignAddresses)
        {
            var planned = Planner.Plan(context);
            return LatencyFirstPlanner.NewInterfaceInstead(context, planned) is { } create ? planned with { Action = create } : plan;
        }

        return granted == Ec2Action.AssignPrivateIpAddresses && plan.Action is CreateInterface ? Planner.Plan(context) : plan;
    }

    /// <summary>
    /// Tells the throttle what the node wants now. A grant just used or declined is completed in the same message that
    /// asks for the next token, so the node never looks idle between two calls of one piece of work.
    /// </summary>
    private static void Send(Turn t, (PlannedAction Action, Urgency Urgency)? want)
    {
        RequestToken? next = null;
        if (want is { } w && (t.L.Completion is not null || t.L.Requested != w.Action.Call || t.Now - t.L.RequestedAt >= t.Options.RequestKeepAlive))
        {
            next = new RequestToken(w.Action.Call, w.Urgency, HoldsNothing: !t.L.AskedSinceActivation) { Cluster = NodeClusters.Of(t.M, t.Options) };
        }

        if (t.L.Completion is { } done)
        {
            t.Edit().Completion = null;
            t.Emit(new CompleteGrant(done.GrantId, done.Outcome, next));
        }
        else if (want is null)
        {
            if (t.L.Requested is not null)
            {
                t.Emit(WithdrawToken.Instance);
            }
        }
        else if (next is not null)
        {
            t.Emit(next);
        }

        if (next is not null)
        {
            var l = t.Edit();
            l.Requested = next.Action;
            l.RequestedAt = t.Now;
            l.AskedSinceActivation = true;
            t.Note(new TokenAsked(next.Action, next.Urgency.Deficit));
        }
        else if (want is null && t.L.Requested is not null)
        {
            t.Edit().Requested = null;
        }
    }

    private static void TrackShortfall(Turn t)
    {
        if (t.L.LastOutcome is not { } outcome)
        {
            return;
        }

        var needed = outcome.Targets.Needed;
        if (needed > 0 && t.M.ShortSince is null)
        {
            t.M = t.M with { ShortSince = t.Now };
        }
        else if (needed == 0 && t.M.ShortSince is { } since)
        {
            t.Note(new CapacityReached(t.Now - since));
            t.M = t.M with { ShortSince = null };
        }

        t.Note(new StandingObserved(outcome.Targets.Available, outcome.Targets.Used, needed));
    }

    /// <summary>The tick runs while the node waits for a token, backs off, must read EC2, holds a release or an intent.</summary>
    private static void EnsureTick(Turn t)
    {
        var waiting = !t.M.Terminated && t.M.Demand is not null
            && (t.L.Requested is not null || t.L.BackoffUntil > t.Now || t.M.Instance is null || t.L.NeedsReconcile || t.M.Release is not null
                || t.M.Intent is not null || t.M.PodIntent is not null || Peaks.Watching(t.M));
        if (waiting != t.L.Ticking)
        {
            t.Edit().Ticking = waiting;
            t.Emit(new SetTicking(waiting));
        }
    }

    private static void OnTick(Turn t)
    {
        if (t.L.BackoffUntil is { } until && until <= t.Now)
        {
            t.Edit().BackoffUntil = null;
        }

        if (t.L.ReadBackoffUntil is { } reads && reads <= t.Now)
        {
            t.Edit().ReadBackoffUntil = null;
        }

        Advance(t);
    }
}
