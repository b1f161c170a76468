using Microsoft.Extensions.Logging;

namespace Fleet.Ec2.Emulator;

/// <summary>The region's log messages.</summary>
public sealed partial class Ec2Region
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Debug, Message = "EC2 emulator: {Action} answered {Code}: {Message}")]
        public static partial void CallFailed(ILogger logger, Fleet.Core.Throttling.Ec2Action action, string code, string message);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "EC2 emulator: region {Region} reset to its initial state")]
        public static partial void RegionReset(ILogger logger, string region);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "EC2 emulator: fault table replaced ({Entries} entries)")]
        public static partial void FaultsSet(ILogger logger, int entries);
    }
}
