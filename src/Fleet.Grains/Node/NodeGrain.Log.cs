using Fleet.Abstractions.Messages;
using Fleet.Ec2.Errors;
using Microsoft.Extensions.Logging;

namespace Fleet.Grains.Node;

/// <summary>The node grain's log events (stable ids for alerting).</summary>
public sealed partial class NodeGrain
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "{InstanceId}: asked for a {Action} token (short by {Deficit})")]
    private static partial void LogRequested(ILogger logger, string instanceId, string action, int deficit);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "{InstanceId}: {Call} (token waited {WaitedMs:0} ms)")]
    private static partial void LogCall(ILogger logger, string instanceId, string call, double waitedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{InstanceId}: {Call} failed: {Kind} {Code}: {Message}")]
    private static partial void LogCallFailed(ILogger logger, string instanceId, string call, Ec2ErrorKind kind, string code, string message);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "{InstanceId}: EC2 reports the instance {State}; the node stops")]
    private static partial void LogGone(ILogger logger, string instanceId, string state);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "{InstanceId}: demand refused ({Outcome}): {Detail}")]
    private static partial void LogRefused(ILogger logger, string instanceId, DemandOutcome outcome, string detail);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "{InstanceId}: {Action} intent settled from EC2's state")]
    private static partial void LogIntentSettled(ILogger logger, string instanceId, string action);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "{InstanceId}: proposed to release {Prefixes} prefixes and {Ips} IPs of {EniId}")]
    private static partial void LogProposed(ILogger logger, string instanceId, int prefixes, int ips, string eniId);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "{InstanceId}: release proposal on {EniId} withdrawn (demand or addresses changed)")]
    private static partial void LogReleaseWithdrawn(ILogger logger, string instanceId, string eniId);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "{InstanceId}: blocked after {Calls} EC2 calls in a row without progress: {Reason}; next try at {Until:O}")]
    private static partial void LogNoProgress(ILogger logger, string instanceId, int calls, string reason, DateTimeOffset until);
}
