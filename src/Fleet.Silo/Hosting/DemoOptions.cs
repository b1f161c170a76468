namespace Fleet.Silo.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Demo</c>: a demo fleet for the embedded emulator. The silo launches
/// <see cref="Nodes"/> instances with RunInstances and acts as their agents, reporting demand that wanders over time.
/// Example: <c>--Fleet:Demo:Nodes=24</c>.
/// </summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Demo";

    /// <summary>The most demo nodes.</summary>
    public const int MaxNodes = 500;

    /// <summary>Instances to launch and drive, 0 to <see cref="MaxNodes"/>. Default 0 (no demo). Needs the embedded emulator.</summary>
    public int Nodes { get; set; }

    /// <summary>Instance types, comma-separated, spread over the nodes. Default <c>m5.large,m5.xlarge</c>.</summary>
    public string InstanceTypes { get; set; } = "m5.large,m5.xlarge";

    /// <summary>How often each agent reports demand. Default 2 s; at least 100 ms.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The most pods an agent runs (kubelet's default max-pods is 110). Default 80.</summary>
    public int MaxPods { get; set; } = 80;

    /// <summary>Seed of the demand random walk: the same seed gives the same walk. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>The instance types as a list.</summary>
    public IReadOnlyList<string> InstanceTypeList =>
        InstanceTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
