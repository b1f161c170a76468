namespace Fleet.Silo.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Emulator</c>: the EC2 emulator embedded in the silo. When it runs, the silo sets
/// <c>Fleet:Ec2:ServiceUrl</c> to it, so the allocator talks to it through the real AWSSDK.EC2 client over HTTP.
/// </summary>
public sealed class EmulatorHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Emulator";

    /// <summary>
    /// Whether to embed the emulator. Default: on when <c>Fleet:Ec2:Mode</c> is <c>Emulator</c>,
    /// <c>Fleet:Ec2:ServiceUrl</c> is not set (the allocator then has no other EC2 to talk to) and clustering is
    /// <c>Localhost</c>; off otherwise (Redis silos must share one emulator: give its URL).
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The port its Query API listens on, on 127.0.0.1, for the allocator and the <c>aws</c> CLI. Default 4566
    /// (LocalStack's). 0 picks a free port.
    /// </summary>
    public int Port { get; set; } = 4566;

    /// <summary>An emulator configuration file (JSON: region layout, buckets, latency, faults; see its README). Default none: the default region.</summary>
    public string? ConfigFile { get; set; }
}
