using Fleet.Abstractions.Messages;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using Fleet.Grains.Describe;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Node;

/// <summary>The node's loop: discover, reconcile, decide what call it wants, hold its place at the throttle.</summary>
public sealed partial class NodeGrain
{
    /// <summary>Brings the node forward after any event: never calls a mutating EC2 action (that waits for a token).</summary>
    private async Task AdvanceAsync()
    {
        var want = await WantAsync();
        await SendAsync(want);
        TrackShortfall();
        EnsureTick();
    }

    private async Task<(PlannedAction Action, Urgency Urgency)?> WantAsync()
    {
        if (State.InstanceGone || State.Demand is null)
        {
            return null;
        }

        if (State.Instance is null && !await DiscoverAsync())
        {
            ScheduleBackoff();
            return null;
        }

        if (_needsReconcile && !await ReconcileAsync())
        {
            ScheduleBackoff();
            return null;
        }

        return _backoffUntil > Now ? null : await DecideAsync();
    }

    /// <summary>
    /// Tells the throttle what the node wants now. A grant just used is completed in the same message that asks for
    /// the next token, so the node never looks idle between two calls of one piece of work.
    /// </summary>
    private async Task SendAsync((PlannedAction Action, Urgency Urgency)? want)
    {
        TokenRequest? next = null;
        if (want is { } w && (_completion is not null || _requested != w.Action.Call.ToString() || Now - _requestedAt >= _options.RequestKeepAlive))
        {
            next = new TokenRequest(InstanceId, this.AsReference<Abstractions.Grains.ITokenHolder>(), w.Action.Call.ToString(),
                new TokenUrgency(w.Urgency.Class == WorkClass.Critical ? WorkKind.Critical : WorkKind.Housekeeping, w.Urgency.PendingPods, w.Urgency.Deficit),
                HoldsNothing: !_askedSinceActivation);
            _askedSinceActivation = true;
        }

        if (_completion is { } done)
        {
            _completion = null;
            await Throttle.Complete(done.GrantId, done.Outcome, next);
        }
        else if (want is null)
        {
            if (_requested is not null)
            {
                await Throttle.Withdraw(InstanceId);
            }
        }
        else if (next is not null)
        {
            await Throttle.Request(next);
        }

        if (next is not null)
        {
            _requested = next.Action;
            _requestedAt = Now;
            LogRequested(_logger, InstanceId, next.Action, next.Urgency.Deficit);
        }
        else if (want is null)
        {
            _requested = null;
        }
    }

    /// <summary>The call the node would make now, and how urgent it is; null when there is nothing to do.</summary>
    private async Task<(PlannedAction Action, Urgency Urgency)?> DecideAsync()
    {
        var demand = State.Demand.ToDemand();
        if (State.Intent is { Action: nameof(Ec2Action.CreateNetworkInterface) } retry)
        {
            // A create whose outcome is unknown is retried as it was, with the same client token.
            return (retry.ToAction(), Urgency.Critical(Math.Max(_lastOutcome?.Targets.Needed ?? 1, 1), demand.Pending));
        }

        var outcome = await PlanAsync();
        if (outcome.Action is { IsCritical: true } critical)
        {
            CancelRelease();
            return (critical, Urgency.Critical(outcome.Targets.Needed, demand.Pending));
        }

        if (outcome.Action is { } housekeeping)
        {
            return (housekeeping, Urgency.Housekeeping);
        }

        return ReleaseWanted(outcome) is { } release ? (release, Urgency.Housekeeping) : null;
    }

    private async Task<PlanOutcome> PlanAsync()
    {
        var node = State.ToNodeState(InstanceId);
        var subnets = await _subnets.GetAsync(GrainFactory, node.VpcId, node.AvailabilityZone);
        _lastOutcome = Planner.Plan(new PlanningContext(node, State.Spec.ToSpec(), State.Demand.ToDemand(), subnets)
        {
            Lookahead = Trend.Lookahead(_lastWait, _options.LookaheadFactor),
        });
        return _lastOutcome;
    }

    private async Task<bool> DiscoverAsync()
    {
        _missingRecheckAt = null;
        try
        {
            var instance = await _describe.DescribeInstanceAsync(InstanceId, CancellationToken.None);
            if (instance is null && !MissingForGood())
            {
                // One miss is not "gone" (re-ask, don't conclude): EC2 is eventually consistent, and a just-launched
                // instance can be absent from DescribeInstances for seconds. Only a terminated state, or an instance
                // this node knew that stays absent for InstanceMissingGrace, stops the node.
                _missingRecheckAt = Now + MissingRecheck;
                RecordError("DescribeInstances", "NotVisible", $"EC2 does not show instance {InstanceId} (yet)");
                return false;
            }

            _missingSince = null;
            if (instance is null || instance.State is "terminated" or "shutting-down")
            {
                State.InstanceGone = true;
                LogGone(_logger, InstanceId, instance?.State ?? "not found");
                return false;
            }

            // EC2's own DescribeInstanceTypes answer wins (once per type per silo, on a spare describe token); the
            // embedded catalog answers when no token is free or EC2 does not know the type.
            var throttle = Throttle;
            var limits = await _limits.GetAsync(instance.InstanceType,
                async () => (await throttle.TryAcquire(nameof(Ec2Action.DescribeInstanceTypes))).Granted, CancellationToken.None);
            if (limits is null)
            {
                RecordError("DescribeInstanceTypes", "UnknownInstanceType", $"instance type {instance.InstanceType} is unknown");
                return false;
            }

            State.Instance = StateMapping.ToRecord(instance, limits);
            _needsReconcile = true;
            return true;
        }
        catch (Exception e) when (e is Ec2CallFailedException or BatchResultMissingException)
        {
            RecordError("DescribeInstances", (e as Ec2CallFailedException)?.Error.Code ?? "NoResult", e.Message);
            return false;
        }
    }

    /// <summary>Re-reads the node's ENIs from EC2 (batched) and settles any intent whose outcome was unknown.</summary>
    private async Task<bool> ReconcileAsync()
    {
        try
        {
            var enis = await _describe.DescribeNodeEnisAsync(InstanceId, CancellationToken.None);
            if (!enis.Any(e => e.Attachment is { DeviceIndex: 0 } a && a.InstanceId == InstanceId))
            {
                // A running instance always has eth0: a describe without it is EC2's eventual consistency (a freshly
                // launched instance), not the truth. Planning from it created an extra ENI at device 1 (found by the
                // reliability suite); read again after the back-off instead.
                // Or the instance is gone, eth0 with it: read the instance again, so a terminated one stops the node.
                RecordError("DescribeNetworkInterfaces", "Inconsistent", $"EC2 does not show {InstanceId}'s primary interface yet");
                await DiscoverAsync();
                return false;
            }

            var seen = enis
                .Where(e => !State.Abandoned.Contains(e.NetworkInterfaceId))
                .Where(e => e.Attachment is null || e.Attachment.InstanceId == InstanceId)
                .Select(StateMapping.ToRecord)
                .ToDictionary(e => e.Id, StringComparer.Ordinal);

            // EC2 is eventually consistent: an ENI this node created moments ago may not show yet. Keep it.
            foreach (var recent in State.Enis.Where(e => !seen.ContainsKey(e.Id) && e.CreatedAt is { } at && Now - at < ConsistencyGrace))
            {
                seen[recent.Id] = recent;
            }

            foreach (var created in State.Enis.Where(e => e.CreatedAt is not null && seen.ContainsKey(e.Id)))
            {
                seen[created.Id].CreatedAt = created.CreatedAt;
            }

            var described = seen.Values.ToList();
            if (_progress.OnDescribed(State.Enis, described))
            {
                NoProgress(nameof(Ec2Action.DescribeNetworkInterfaces)); // an answer the describe contradicts: counted like a call that added nothing
            }

            State.Enis = [.. described.OrderBy(e => e.AttachmentId is null ? int.MaxValue : e.DeviceIndex).ThenBy(e => e.Id, StringComparer.Ordinal)];
            SettleIntent();
            DropStaleRelease();
            _needsReconcile = false;
            _subnets.Invalidate();
            return true;
        }
        catch (Exception e) when (e is Ec2CallFailedException or BatchResultMissingException)
        {
            RecordError("DescribeNetworkInterfaces", (e as Ec2CallFailedException)?.Error.Code ?? "NoResult", e.Message);
            return false;
        }
    }

    private static TimeSpan ConsistencyGrace => TimeSpan.FromSeconds(30);

    /// <summary>How long an instance this node knew (it has demand) may stay absent from DescribeInstances before it is taken as gone.</summary>
    private static TimeSpan InstanceMissingGrace => TimeSpan.FromSeconds(30);

    /// <summary>How long reports for an instance EC2 does not show are answered from the last miss, before EC2 is asked again.</summary>
    private static TimeSpan MissingRecheck => TimeSpan.FromSeconds(2);

    /// <summary>Whether EC2 not showing the instance means it is gone: only for a node that knew it, after the grace.</summary>
    private bool MissingForGood()
    {
        _missingSince ??= Now;
        return State.Demand is not null && Now - _missingSince >= InstanceMissingGrace;
    }

    private void SettleIntent()
    {
        if (State.Intent is not { } intent)
        {
            return;
        }

        // A create is settled when an ENI carrying its token exists; otherwise it is retried with that token.
        // Every other call's effect is visible in the describe just read, so re-planning from it is safe.
        if (intent.Action != nameof(Ec2Action.CreateNetworkInterface)
            || State.Enis.Exists(e => e.Tags.TryGetValue(CallExecutor.IntentTag, out var token) && token == intent.ClientToken))
        {
            LogIntentSettled(_logger, InstanceId, intent.Action);
            State.Intent = null;
        }
    }

    private void TrackShortfall()
    {
        var needed = _lastOutcome?.Targets.Needed ?? 0;
        if (needed > 0 && State.ShortSince is null)
        {
            State.ShortSince = Now;
        }
        else if (needed == 0 && State.ShortSince is { } since)
        {
            _instruments.TimeToCapacity.Record((Now - since).TotalSeconds);
            State.ShortSince = null;
        }

        if (_lastOutcome is { } o)
        {
            _instruments.SetNode(InstanceId, o.Targets.Available, o.Targets.Used, o.Targets.Needed);
        }
    }

    private void ScheduleBackoff()
    {
        _consecutiveErrors++;
        var delay = TimeSpan.FromTicks(Math.Min(_options.BackoffBase.Ticks << Math.Min(_consecutiveErrors - 1, 20), _options.BackoffMax.Ticks));
        _backoffUntil = Now + delay;
    }

    private void EnsureTick()
    {
        var busy = _requested is not null || _backoffUntil > Now || _needsReconcile || State.Release is not null || State.Intent is not null;
        if (busy && _tick is null)
        {
            _tick = this.RegisterGrainTimer(static (self, _) => self.OnTickAsync(), this,
                new GrainTimerCreationOptions { DueTime = _options.TickInterval, Period = _options.TickInterval, Interleave = false, KeepAlive = true });
        }
        else if (!busy && _tick is not null)
        {
            _tick.Dispose();
            _tick = null;
        }
    }

    private async Task OnTickAsync()
    {
        if (_backoffUntil is { } until && until <= Now)
        {
            _backoffUntil = null;
        }

        var version = State.Version;
        await AdvanceAsync();
        if (version == State.Version && (_published is null || _published.Status != StatusNow()))
        {
            await SaveAsync();
        }
    }
}
