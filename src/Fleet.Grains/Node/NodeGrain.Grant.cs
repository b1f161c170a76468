using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Ec2.Errors;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Node;

/// <summary>A token arrived: plan with today's demand, persist the intent, make the one call, apply the answer.</summary>
public sealed partial class NodeGrain
{
    /// <inheritdoc />
    public async Task OnGranted(TokenGrant grant)
    {
        _requested = null;
        _lastWait = grant.Waited; // the next token will likely take about as long: size this call to last until then
        if (State.InstanceGone || State.Instance is null || _needsReconcile)
        {
            _completion = (grant.Id, GrantOutcome.Unused);
            await AdvanceAsync();
            return;
        }

        var want = await DecideAsync();
        if (want is not { } chosen || chosen.Action.Call.ToString() != grant.Action)
        {
            // Demand changed while the token was on its way: give it back and ask for what is needed now.
            _completion = (grant.Id, GrantOutcome.Unused);
            await AdvanceAsync();
            await SaveAsync();
            return;
        }

        var action = chosen.Action;
        if (State.Intent is null)
        {
            string? token = null;
            if (action is CreateInterface)
            {
                State.IntentSequence++;
                token = $"fleet-{InstanceId}-{State.IntentSequence}";
            }

            State.Intent = action.ToIntent(Now, token);
        }

        State.Intent.Attempts++;
        if (action is ReleaseAddresses releasing)
        {
            // Remembered with the intent, before EC2 sees the call: if the silo dies after EC2 applied it, the agent's
            // late acknowledgement is still known to be stale (only what the node no longer holds is ever dropped).
            RememberReleased(releasing);
        }

        await _store.WriteStateAsync(); // the intent is durable before EC2 sees the call

        var before = action is AssignAddresses or CreateInterface ? NoProgressGuard.Snapshot(State.Enis) : null;
        var (error, delta) = await _executor.ExecuteAsync(State, InstanceId, action, State.Intent.ClientToken, Now, CancellationToken.None);
        _completion = (grant.Id, error?.Kind == Ec2ErrorKind.Throttled ? GrantOutcome.Throttled : GrantOutcome.Sent);
        Count(action.Call, error);
        if (error is null)
        {
            if (_logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
            {
                LogCall(_logger, InstanceId, action.Describe(), grant.Waited.TotalMilliseconds);
            }
            State.Intent = null;
            _consecutiveErrors = 0;
            if (action is ReleaseAddresses)
            {
                State.Release = null;
            }

            if (delta is { } d && !string.IsNullOrEmpty(d.SubnetId))
            {
                await ReserveAsync(d);
            }

            if (before is not null && _progress.OnAccepted(action, before, State.Enis))
            {
                NoProgress(action.Call.ToString());
            }
        }
        else
        {
            await HandleErrorAsync(action, error);
        }

        await AdvanceAsync();
        await SaveAsync();
    }

    private async Task HandleErrorAsync(PlannedAction action, Ec2Error error)
    {
        LogCallFailed(_logger, InstanceId, action.Describe(), error.Kind, error.Code, error.Message);
        RecordError(action.Call.ToString(), error.Code, error.Message);
        var keepIntent = false;
        switch (error.Kind)
        {
            case Ec2ErrorKind.Throttled:
                break; // no side effect at EC2; the throttle learned; ask again
            case Ec2ErrorKind.Transient:
                // The call may have been applied: re-read before acting; a create is retried with the same token.
                keepIntent = action is CreateInterface;
                _needsReconcile = true;
                ScheduleBackoff();
                break;
            case Ec2ErrorKind.SubnetOutOfPrefixes or Ec2ErrorKind.SubnetOutOfAddresses:
                await MarkSubnetExhaustedAsync(action, error.Kind == Ec2ErrorKind.SubnetOutOfPrefixes);
                break;
            case Ec2ErrorKind.InstanceNotRunning:
            case Ec2ErrorKind.NotFound when error.Code.StartsWith("InvalidInstanceID", StringComparison.Ordinal):
                State.Instance = null; // re-discover: the instance may be gone
                _needsReconcile = true;
                ScheduleBackoff();
                break;
            case Ec2ErrorKind.AttachmentLimit when action is AttachInterface attach:
                Abandon(attach.EniId);
                _needsReconcile = true;
                break;
            case Ec2ErrorKind.NotFound or Ec2ErrorKind.SlotLimit or Ec2ErrorKind.AttachmentLimit or Ec2ErrorKind.InUse:
                _needsReconcile = true; // Fleet's view is stale (or EC2's is not yet consistent)
                ScheduleBackoff();
                break;
            case Ec2ErrorKind.IdempotencyMismatch:
                break; // the next create gets a new token
            default:
                _consecutiveErrors = Math.Max(_consecutiveErrors, 30);
                ScheduleBackoff(); // unauthorized or malformed: retrying soon would not help
                break;
        }

        if (!keepIntent)
        {
            State.Intent = null;
        }
    }

    /// <summary>
    /// EC2 accepted a capacity call that added no usable address: re-read the node before the next one (the describe
    /// tells an incomplete answer from a call that did nothing), and once that has happened <c>NoProgressLimit</c>
    /// times in a row, back off exponentially and say why (status Blocked).
    /// </summary>
    private void NoProgress(string action)
    {
        _needsReconcile = true;
        _instruments.CallsWithoutProgress.Add(1, new KeyValuePair<string, object?>("action", action));
        RecordError(action, "NoProgress", _progress.Reason!);
        if (_progress.Blocked)
        {
            _backoffUntil = Now + _progress.Backoff(_options.BackoffBase, _options.BackoffMax);
            LogNoProgress(_logger, InstanceId, _progress.Streak, _progress.Reason!, _backoffUntil.Value);
        }
    }

    private void Abandon(string eniId)
    {
        // The janitor deletes ENIs nobody expects; this node no longer does.
        State.Enis.RemoveAll(e => e.Id == eniId);
        if (!State.Abandoned.Contains(eniId))
        {
            State.Abandoned.Add(eniId);
        }
    }

    private async Task ReserveAsync(CallExecutor.SubnetDelta delta)
    {
        var subnets = GrainFactory.GetGrain<ISubnetGrain>($"{State.Instance!.VpcId}/{State.Instance.AvailabilityZone}");
        if (delta.Addresses >= 0)
        {
            await subnets.Reserve(delta.SubnetId, delta.Addresses, delta.Blocks);
        }
        else
        {
            await subnets.Return(delta.SubnetId, -delta.Addresses, -delta.Blocks);
        }

        _subnets.Invalidate();
    }

    private async Task MarkSubnetExhaustedAsync(PlannedAction action, bool prefixesOnly)
    {
        var subnetId = action switch
        {
            CreateInterface c => c.SubnetId,
            AssignAddresses a => State.Enis.Find(e => e.Id == a.EniId)?.SubnetId,
            _ => null,
        };
        if (subnetId is not null)
        {
            await GrainFactory.GetGrain<ISubnetGrain>($"{State.Instance!.VpcId}/{State.Instance.AvailabilityZone}").MarkExhausted(subnetId, prefixesOnly);
        }

        _subnets.Invalidate();
    }

    private void RecordError(string action, string code, string message) =>
        State.LastError = new ErrorRecord { Action = action, Code = code, Message = message, At = Now };

    private void Count(Ec2Action action, Ec2Error? error)
    {
        var name = action.ToString();
        State.Calls[name] = State.Calls.GetValueOrDefault(name) + 1;
        _instruments.Calls.Add(1, new KeyValuePair<string, object?>("action", name), new KeyValuePair<string, object?>("outcome", error?.Code ?? "OK"));
    }
}
