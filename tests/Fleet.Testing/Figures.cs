using System.Text.Json;

namespace Fleet.Testing;

/// <summary>
/// Where a test leaves the figures it measured, for the docs: when <c>FLEET_FIGURES</c> names a directory (relative
/// paths from the repository root, e.g. <c>docs/reliability</c>), <see cref="Write"/> puts one JSON file there per
/// run, which <c>fleet bench render</c> turns into RELIABILITY.md's tables. Unset (CI), nothing is written.
/// </summary>
public static class Figures
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    /// <summary>The directory figures go to, or null when they are not kept.</summary>
    public static string? Directory => Environment.GetEnvironmentVariable("FLEET_FIGURES") is { Length: > 0 } dir
        ? Path.GetFullPath(dir, RepoPaths.Root)
        : null;

    /// <summary>Writes <paramref name="figures"/> as <c>{name}.json</c> when figures are kept; returns the path, or null.</summary>
    public static string? Write(string name, object figures)
    {
        if (Directory is not { } dir)
        {
            return null;
        }

        System.IO.Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(figures, figures.GetType(), s_json) + "\n");
        return path;
    }
}
