namespace Fleet.Testing;

/// <summary>Where the repository and the built programs are, seen from a test's output directory.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the directory holding Fleet.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests run in (Debug or Release), read off the output path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Reverse().Skip(2).FirstOrDefault() is "Release" ? "Release" : "Debug";

    /// <summary>A program built from <c>src/{project}</c>, e.g. <c>Program("Fleet.Silo", "fleet-silo")</c>.</summary>
    public static string Program(string project, string assembly)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assembly}.dll is not built; build src/{project} ({Configuration}) first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Fleet.sln above {AppContext.BaseDirectory}.");
    }
}
