using Microsoft.Extensions.Logging;

namespace Fleet.Cli.Output;

/// <summary>Logging for <c>fleet bench --verbose</c>: single lines on stderr (never in the JSON on stdout).</summary>
internal static class StderrLogging
{
    /// <summary>Warnings from everything, and the live engine's own progress.</summary>
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddFilter("Fleet.Simulation.Live", LogLevel.Information)
        .SetMinimumLevel(LogLevel.Warning));
}
