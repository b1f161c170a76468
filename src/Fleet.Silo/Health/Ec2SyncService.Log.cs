using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Health;

internal sealed partial class Ec2SyncService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "EC2 reached after {Attempts} attempt(s): {Subnets} subnet(s) seen; the silo is ready")]
        public static partial void Synced(ILogger logger, int attempts, int subnets);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "EC2 sync attempt {Attempt} failed: {Code}: {Message}; retrying")]
        public static partial void Failed(ILogger logger, int attempt, string code, string message);
    }
}
