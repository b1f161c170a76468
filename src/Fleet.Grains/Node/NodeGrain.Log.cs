using Fleet.Core.Errors;
using Fleet.Core.Node;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Node;

/// <summary>What the node loop observed, as logs (stable ids for alerting) and metrics.</summary>
public sealed partial class NodeGrain
{
    private void Record(NodeObservation observation)
    {
        switch (observation)
        {
            case CallObserved call:
                var name = call.Action.Call.ToString();
                _instruments.Calls.Add(1, new KeyValuePair<string, object?>("action", name), new KeyValuePair<string, object?>("outcome", call.Error?.Code ?? "OK"));
                if (call.Error is { } error)
                {
                    LogCallFailed(_logger, InstanceId, call.Action.Describe(), error.Kind, error.Code, error.Message);
                }
                else
                {
                    LogCall(_logger, InstanceId, call.Action.Describe(), call.Waited.TotalMilliseconds);
                }

                break;
            case TokenAsked asked:
                LogRequested(_logger, InstanceId, asked.Action.ToString(), asked.Deficit);
                break;
            case ReportRefused refused:
                LogRefused(_logger, InstanceId, refused.Outcome, refused.Detail);
                break;
            case InstanceGone gone:
                LogGone(_logger, InstanceId, gone.State);
                break;
            case IntentSettled settled:
                LogIntentSettled(_logger, InstanceId, settled.Action.ToString());
                break;
            case IntentAbandoned abandoned:
                LogIntentAbandoned(_logger, InstanceId, abandoned.SubnetId);
                break;
            case ReleaseProposed proposed:
                LogProposed(_logger, InstanceId, proposed.Proposal.Prefixes.Length, proposed.Proposal.Ips.Length, proposed.Proposal.EniId);
                break;
            case ReleaseWithdrawn withdrawn:
                LogReleaseWithdrawn(_logger, InstanceId, withdrawn.EniId);
                break;
            case CapacityReached reached:
                _instruments.TimeToCapacity.Record(reached.ShortFor.TotalSeconds);
                break;
            case StandingObserved standing:
                _instruments.SetNode(InstanceId, NodeClusters.Of(_memory, _options), standing.Available, standing.Used, standing.Needed);
                break;
            case PriorApplied prior:
                _instruments.PriorSizedCalls.Add(1, new KeyValuePair<string, object?>("source", prior.Source.ToString()));
                break;
            case PeakRecorded peak:
                LogPeakRecorded(_logger, InstanceId, peak.Pods, peak.GroupKey, peak.Replaced);
                break;
            case IntentNoted { Accepted: true } intent:
                LogIntentAccepted(_logger, InstanceId, intent.Pods);
                break;
            case IntentNoted intent:
                LogIntentLapsed(_logger, InstanceId, intent.Pods, intent.Reason);
                break;
            case NoProgress stuck:
                _instruments.CallsWithoutProgress.Add(1, new KeyValuePair<string, object?>("action", stuck.Action.ToString()));
                LogNoProgress(_logger, InstanceId, stuck.Action.ToString(), stuck.InARow, stuck.Stopped);
                break;
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{InstanceId}: asked for a {Action} token (short by {Deficit})")]
    private static partial void LogRequested(ILogger logger, string instanceId, string action, int deficit);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{InstanceId}: {Call} (token waited {WaitedMs:0} ms)")]
    private static partial void LogCall(ILogger logger, string instanceId, string call, double waitedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{InstanceId}: {Call} failed: {Kind} {Code}: {Message}")]
    private static partial void LogCallFailed(ILogger logger, string instanceId, string call, Ec2ErrorKind kind, string code, string message);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{InstanceId}: EC2 reports the instance {State}; the node stops")]
    private static partial void LogGone(ILogger logger, string instanceId, string state);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{InstanceId}: demand refused ({Outcome}): {Detail}")]
    private static partial void LogRefused(ILogger logger, string instanceId, ReportOutcome outcome, string detail);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "{InstanceId}: {Action} intent settled from EC2's state")]
    private static partial void LogIntentSettled(ILogger logger, string instanceId, string action);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "{InstanceId}: subnet {SubnetId} is impaired; the ENI it failed to create is asked of a healthy sibling")]
    private static partial void LogIntentAbandoned(ILogger logger, string instanceId, string subnetId);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "{InstanceId}: proposed to release {Prefixes} prefixes and {Ips} IPs of {EniId}")]
    private static partial void LogProposed(ILogger logger, string instanceId, int prefixes, int ips, string eniId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "{InstanceId}: release proposal on {EniId} withdrawn (demand or addresses changed)")]
    private static partial void LogReleaseWithdrawn(ILogger logger, string instanceId, string eniId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{InstanceId}: the node's state could not be written ({Error}); no call was made on an unwritten intent, and the write is tried again")]
    private static partial void LogStoreFailed(ILogger logger, string instanceId, string error);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Debug, Message = "{InstanceId}: peak of {Pods} pods recorded in group {Group} (replacing {Replaced})")]
    private static partial void LogPeakRecorded(ILogger logger, string instanceId, int pods, string group, int? replaced);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "{InstanceId}: provisioner intent of {Pods} pods accepted; allocating before the agent reports")]
    private static partial void LogIntentAccepted(ILogger logger, string instanceId, int pods);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "{InstanceId}: provisioner intent of {Pods} pods lapsed: {Reason}")]
    private static partial void LogIntentLapsed(ILogger logger, string instanceId, int pods, string reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "{InstanceId}: its peak of {Pods} pods could not be recorded in group {Group} ({Error}); the group's history misses it")]
    private static partial void LogPeakLost(ILogger logger, string instanceId, string group, int pods, string error);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "{InstanceId}: EC2 accepted {Action} but no capacity appeared ({InARow} in a row; stopped: {Stopped})")]
    private static partial void LogNoProgress(ILogger logger, string instanceId, string action, int inARow, bool stopped);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Information, Message = "{InstanceId}: the silo is stopping; the node stops before {Next} (EC2 keeps the truth its next activation reads)")]
    private static partial void LogLeaving(ILogger logger, string instanceId, string next);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "{InstanceId}: {Effect} was not delivered ({Error}); the node carries on and sends it again when next due")]
    private static partial void LogNotDelivered(ILogger logger, string instanceId, string effect, string error);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Warning, Message = "{InstanceId}: the node's context (its zone's subnets, its group's peak) could not be read ({Error}); {Waiting} event(s) (EC2's answers, its own resume or tick) wait for the next turn")]
    private static partial void LogPostponed(ILogger logger, string instanceId, int waiting, string error);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Debug, Message = "{InstanceId}: the node's context could not be read ({Error}); the caller is told and nothing waits")]
    private static partial void LogTurnRefused(ILogger logger, string instanceId, string error);
}
