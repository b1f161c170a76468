using Fleet.Abstractions.Grains;
using Fleet.Core.Node;
using Fleet.Grains.Groups;
using Fleet.Grains.Throttle;

namespace Fleet.Grains.Node;

/// <summary>
/// The node grain's messages to the rest of the fleet (the throttle, its zone's subnets, its group's history) and its
/// tick. A message that cannot be delivered, as when the grain it is for was on a silo that just died, is logged and
/// the node carries on: every one of them is sent again when next due (a waiting node asks again after
/// <see cref="AllocatorOptions.RequestKeepAlive"/>, the throttle takes back a grant not completed after its lease, and
/// the subnet ledger is re-read from EC2), while an exception here would end the turn with the step's later effects,
/// a call or a describe among them, never carried out.
/// </summary>
public sealed partial class NodeGrain
{
    private async Task TellAsync(NodeEffect effect)
    {
        try
        {
            await CarryAsync(effect);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            LogNotDelivered(_logger, InstanceId, effect.GetType().Name, e.Message);
        }
    }

    private async Task CarryAsync(NodeEffect effect)
    {
        switch (effect)
        {
            case RequestToken request:
                await Throttle.Request(ToRequest(request));
                break;
            case CompleteGrant complete:
                await Throttle.Complete(complete.GrantId, complete.Outcome, complete.Next is { } next ? ToRequest(next) : null);
                break;
            case WithdrawToken:
                await Throttle.Withdraw(InstanceId);
                break;
            case ChangeSubnet change when _memory.Instance is { } i:
                var zone = GrainFactory.GetGrain<ISubnetGrain>($"{i.VpcId}/{i.AvailabilityZone}");
                await (change.Addresses >= 0 ? zone.Reserve(change.SubnetId, change.Addresses, change.Blocks) : zone.Return(change.SubnetId, -change.Addresses, -change.Blocks));
                break;
            case MarkSubnetExhausted exhausted when _memory.Instance is { } i:
                await GrainFactory.GetGrain<ISubnetGrain>($"{i.VpcId}/{i.AvailabilityZone}").MarkExhausted(exhausted.SubnetId, exhausted.PrefixesOnly);
                break;
            case MarkSubnetImpaired impaired when _memory.Instance is { } i:
                await GrainFactory.GetGrain<ISubnetGrain>($"{i.VpcId}/{i.AvailabilityZone}").MarkImpaired(impaired.SubnetId);
                _subnets.Invalidate();
                break;
            case RefreshSubnets:
                _subnets.Invalidate();
                break;
            case RecordPeak peak:
                try
                {
                    await GrainFactory.GetGrain<INodeGroupGrain>(peak.GroupKey)
                        .Record(new GroupPeakRecord(peak.Peak.Pods, peak.Peak.At, peak.Replacing?.Pods, peak.Replacing?.At));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogPeakLost(_logger, InstanceId, peak.GroupKey, peak.Peak.Pods, e.Message); // history, not allocation: the node carries on
                }

                _groupPeak.Invalidate();
                break;
            case SetTicking ticking:
                SetTicking(ticking.On);
                break;
            case NodeObservation observation:
                Record(observation);
                break;
        }
    }

    private TokenRequest ToRequest(RequestToken request) =>
        new(InstanceId, this.AsReference<ITokenHolder>(), request.Action, request.Urgency, request.HoldsNothing) { Cluster = request.Cluster };

    private void SetTicking(bool on)
    {
        if (on && _tick is null)
        {
            _tick = this.RegisterGrainTimer(static (self, _) => self.RunOwnAsync(Ticked.Instance), this,
                new GrainTimerCreationOptions { DueTime = _options.TickInterval, Period = _options.TickInterval, Interleave = false, KeepAlive = true });
        }
        else if (!on && _tick is not null)
        {
            _tick.Dispose();
            _tick = null;
        }
    }
}
