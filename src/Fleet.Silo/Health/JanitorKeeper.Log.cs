using Microsoft.Extensions.Logging;

namespace Fleet.Silo.Health;

internal sealed partial class JanitorKeeper
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Could not ensure the janitor of cluster {Cluster}; trying again in a minute")]
        public static partial void EnsureFailed(ILogger logger, string cluster, Exception exception);
    }
}
