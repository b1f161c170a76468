using System.Text.RegularExpressions;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// Log event ids are stable, for alerting (operators filter on the id, not the text), so one id means one event across
/// every Fleet assembly: a silo's log mixes the grains', the emulator's and the host's.
/// </summary>
public sealed partial class LogEventIdTests
{
    [Fact]
    public void Every_log_event_id_in_the_source_names_one_event()
    {
        var ids = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => EventId().Matches(File.ReadAllText(f)).Select(m => (Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), File: Path.GetFileName(f))))
            .ToList();

        Assert.NotEmpty(ids);
        var repeated = ids.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(i => i.File))}");
        Assert.Empty(repeated);
    }

    [GeneratedRegex(@"LoggerMessage\(\s*EventId\s*=\s*(\d+)")]
    private static partial Regex EventId();
}
