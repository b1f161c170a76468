namespace Fleet.Soak;

/// <summary>
/// What a soak run does. Times are scenario (EC2) time; the run takes <see cref="Duration"/> / <see cref="Compression"/>
/// of wall time. Example: the defaults soak 40 nodes for 1 h at 12× in 5 minutes.
/// </summary>
public sealed record SoakOptions
{
    /// <summary>Scenario time to run. Default 1 h.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Time compression c: EC2's refills × c, latencies ÷ c, Fleet's time knobs ÷ c. Default 12.</summary>
    public double Compression { get; init; } = 12;

    /// <summary>Nodes running at any time. Default 40.</summary>
    public int Nodes { get; init; } = 40;

    /// <summary>Scenario time between two node replacements (one node terminated, a new one launched). Default 2 min.</summary>
    public TimeSpan ReplaceEvery { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Chance per EC2 call of each of InternalError and Unavailable; lost responses and 10× latency spikes at a fifth of it. Default 0.05.</summary>
    public double FaultRate { get; init; } = 0.05;

    /// <summary>Scenario time between two samples. Default 1 min.</summary>
    public TimeSpan SampleEvery { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Scenario time before memory growth is measured. Default 10 min.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Seed of the workload and the emulator. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Errors naming the bad option; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromDays(2))
        {
            yield return $"--duration must be between 0 and 48 h; it is {Duration}.";
        }

        if (Compression is < 1 or > 100 || double.IsNaN(Compression))
        {
            yield return $"--compression must be between 1 and 100; it is {Compression}.";
        }

        if (Nodes is < 1 or > 500)
        {
            yield return $"--nodes must be between 1 and 500; it is {Nodes}.";
        }

        if (FaultRate is < 0 or > 0.25 || double.IsNaN(FaultRate))
        {
            yield return $"--fault-rate must be between 0 and 0.25; it is {FaultRate}.";
        }

        if (SampleEvery <= TimeSpan.Zero || WarmUp < TimeSpan.Zero || WarmUp >= Duration)
        {
            yield return $"the sample period must be positive and the warm-up ({WarmUp}) shorter than the run ({Duration}).";
        }
    }
}
