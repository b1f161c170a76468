using Fleet.Abstractions.Messages;
using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Demo;

internal sealed partial class DemoFleetService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Demo fleet: launched {Nodes} instances ({Types}); their agents now report demand")]
        public static partial void Launched(ILogger logger, int nodes, string types);

        [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Demo fleet: RunInstances of {Type} in {Subnet} answered {Code} (attempt {Attempt} of {Attempts}); retrying in 1 s")]
        public static partial void LaunchRetry(ILogger logger, string type, string subnet, string code, int attempt, int attempts);

        [LoggerMessage(EventId = 5022, Level = LogLevel.Debug, Message = "Demo fleet: {InstanceId} refused the report: {Outcome}: {Detail}")]
        public static partial void Refused(ILogger logger, string instanceId, DemandOutcome outcome, string detail);

        [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "Demo fleet: reporting for {InstanceId} failed: {Message}")]
        public static partial void ReportFailed(ILogger logger, string instanceId, string message);
    }
}
