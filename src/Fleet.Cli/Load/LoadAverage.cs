using System.Globalization;

namespace Fleet.Cli.Load;

/// <summary>The machine's 1-, 5- and 15-minute load averages (Linux <c>/proc/loadavg</c>), so a figure is read with the load it was measured under.</summary>
internal static class LoadAverage
{
    public static double[]? Read()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return [.. parts.Take(3).Select(p => double.Parse(p, CultureInfo.InvariantCulture))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
