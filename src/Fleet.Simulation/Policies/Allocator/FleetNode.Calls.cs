using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using Fleet.Ec2.Errors;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>Discovery, reconcile, and the one call made with a granted token (NodeGrain.Loop and NodeGrain.Grant).</summary>
internal sealed partial class FleetNode
{
    private void Discover()
    {
        _busy = true;
        fleet.Describes.Instances.Get(Id, instance =>
        {
            _busy = false;
            if (instance is null || instance.State.Name is "terminated" or "shutting-down")
            {
                if (instance is not null)
                {
                    _gone = true;
                }
                else
                {
                    ScheduleBackoff();
                }

                EnsureTick();
                return;
            }

            _state = Ec2Mapping.ToNode(instance, InstanceTypeCatalog.Embedded.Get(instance.InstanceType), []);
            _needsReconcile = true;
            Advance();
        });
    }

    private void Reconcile()
    {
        _busy = true;
        fleet.Describes.Interfaces.Get(Id, enis =>
        {
            _busy = false;
            if (enis.IsDefault)
            {
                ScheduleBackoff();
                Advance();
                return;
            }

            var seen = enis.Select(Ec2Mapping.ToEni).Where(e => e.Attachment is not null || FleetTags.IsOwnedBy(e, Id)).ToList();
            _state = _state! with { Enis = [.. seen.OrderBy(e => e.Attachment is null ? int.MaxValue : e.DeviceIndex).ThenBy(e => e.Id, StringComparer.Ordinal)] };
            if (_intentToken is { } token && seen.Any(e => e.Tags.TryGetValue(PlannedCalls.IntentTag, out var t) && t == token))
            {
                _intent = null; // the create whose answer was lost did happen
                _intentToken = null;
            }

            _needsReconcile = false;
            UpdateCapacity();
            Advance();
        });
    }

    /// <summary>A token arrived: plan with the demand now; give the token back if the call needed changed.</summary>
    public void OnGranted(Grant grant)
    {
        _requested = null;
        _lastWait = grant.Waited; // as the node grain: size this call to last until the next token
        if (_gone || _state is null || _needsReconcile || _busy)
        {
            _completion = (grant.Id, CallOutcome.Unused);
            if (!_busy)
            {
                Advance();
            }
            else
            {
                Send(null);
            }

            return;
        }

        var want = _intent is { } retry ? (retry, Urgency.Critical(1)) : DecideFor(grant.Action);
        if (want is not { } chosen || chosen.Action.Call != grant.Action)
        {
            _completion = (grant.Id, CallOutcome.Unused);
            Advance();
            return;
        }

        var action = chosen.Action;
        if (action is CreateInterface create && _intent is null)
        {
            _intent = create;
            _intentToken = $"fleet-{Id}-{++_intentSequence}";
        }

        _busy = true;
        var path = action.IsCritical ? CallPath.Critical : CallPath.Housekeeping;
        PlannedCalls.Send(fleet.Ec2, path, _state, action, action is CreateInterface ? _intentToken : null, (error, apply) =>
        {
            _busy = false;
            _completion = (grant.Id, error is { IsThrottling: true } ? CallOutcome.Throttled : CallOutcome.Sent);
            if (_gone)
            {
                Send(null);
                fleet.Pump();
                return;
            }

            if (error is null && apply is not null)
            {
                Applied(action, apply);
            }
            else if (error is not null)
            {
                Failed(action, error);
            }

            UpdateCapacity();
            Advance();
        });
    }

    private (PlannedAction Action, Urgency Urgency)? DecideFor(Ec2Action granted)
    {
        if (!fleet.LatencyFirst)
        {
            return Decide();
        }

        var outcome = Plan(granted);
        return outcome.Action is { IsCritical: true } critical ? (critical, Urgency.Critical(outcome.Targets.Needed, sim.Demand.Pending)) : Decide();
    }

    private void Applied(PlannedAction action, Func<NodeState, NodeState> apply)
    {
        var before = _state!;
        _state = apply(before);
        _intent = null;
        _intentToken = null;
        _errors = 0;
        var subnets = fleet.Subnets(_state.VpcId, _state.AvailabilityZone);
        switch (action)
        {
            case AssignAddresses a:
                var eni = before.FindEni(a.EniId);
                subnets.Reserve(eni?.SubnetId ?? string.Empty, a.Addresses, a.Kind == AddressKind.Prefix ? a.Count : (a.Count + 15) / 16);
                break;
            case CreateInterface c:
                subnets.Reserve(c.SubnetId, c.Addresses + 1, c.Kind == AddressKind.Prefix ? c.Count : (c.Count + 15) / 16);
                break;
            case ReleaseAddresses r:
                _release = null;
                var released = before.FindEni(r.EniId);
                subnets.Reserve(released?.SubnetId ?? string.Empty, -r.Addresses, -r.Prefixes.Length);
                break;
        }
    }

    private void Failed(PlannedAction action, Ec2.Emulator.Ec2Error error)
    {
        var keepIntent = false;
        switch (Classify(error))
        {
            case Ec2ErrorKind.Throttled:
                break; // nothing happened at EC2; the throttle learned; ask again
            case Ec2ErrorKind.Transient:
                keepIntent = action is CreateInterface;
                _needsReconcile = true;
                ScheduleBackoff();
                break;
            case Ec2ErrorKind.SubnetOutOfPrefixes or Ec2ErrorKind.SubnetOutOfAddresses:
                var subnet = action switch
                {
                    CreateInterface c => c.SubnetId,
                    AssignAddresses a => _state!.FindEni(a.EniId)?.SubnetId,
                    _ => null,
                };
                if (subnet is not null)
                {
                    fleet.Subnets(_state!.VpcId, _state.AvailabilityZone).MarkExhausted(subnet, Classify(error) == Ec2ErrorKind.SubnetOutOfPrefixes);
                }

                break;
            case Ec2ErrorKind.NotFound or Ec2ErrorKind.SlotLimit or Ec2ErrorKind.AttachmentLimit or Ec2ErrorKind.InUse:
                _needsReconcile = true;
                ScheduleBackoff();
                break;
            case Ec2ErrorKind.IdempotencyMismatch:
                break;
            default:
                _errors = Math.Max(_errors, 30);
                ScheduleBackoff();
                break;
        }

        if (!keepIntent)
        {
            _intent = null;
            _intentToken = null;
        }
    }
}
