namespace Fleet.Simulation.Live;

/// <summary>
/// How the live engine runs a scenario: real silos, the real AWSSDK.EC2 client and the emulator over HTTP, with EC2
/// time and Fleet's time compressed by one factor. Scenario (EC2) time runs <see cref="Compression"/> times faster
/// than the wall clock; every figure is reported in scenario time.
/// </summary>
/// <param name="Compression">Time compression c (unitless, 1–100): a scenario minute takes 60/c wall seconds. Default 10.</param>
/// <param name="Silos">Orleans silos in the cluster (1–8). Default 1; <c>silo-loss</c> needs at least 2.</param>
/// <param name="WallJitter">
/// Wall-clock delay a granted call may suffer before it reaches EC2 (thread-pool and HTTP scheduling on a loaded
/// machine). Fleet's <c>Fleet:Throttle:ArrivalJitter</c> is this × c, in EC2 time, so its model of each bucket keeps
/// that much refill in reserve. Default 0.5 s (5 s of EC2 time at 10×), as the allocator's own 300-node burst test.
/// </param>
/// <param name="KillAt">Scenario time at which silo 1 (never the primary, silo 0) is killed, or null for no kill.</param>
/// <param name="QuietFor">
/// After the last scenario event, the run ends once no pod waits, every node is Ready with no release proposed and
/// Fleet has made no EC2 call for this long (scenario time); the rest of the scenario is then steady and is sampled as
/// such. Default 60 s.
/// </param>
public sealed record LiveOptions(
    double Compression = 10,
    int Silos = 1,
    TimeSpan? WallJitter = null,
    TimeSpan? KillAt = null,
    TimeSpan? QuietFor = null)
{
    /// <summary>The wall-clock jitter Fleet's throttle reserves for (0.5 s unless set).</summary>
    public TimeSpan EffectiveWallJitter => WallJitter ?? TimeSpan.FromSeconds(0.5);

    /// <summary>The quiet period that ends a settled run (60 s of scenario time unless set).</summary>
    public TimeSpan EffectiveQuietFor => QuietFor ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an agent waits for an answer before it gives up and retries: 10 s of scenario time, at least 1 s of wall
    /// time. A call in flight to a silo that dies is never answered; Orleans' client would wait its 30 s of wall time,
    /// 300 s of scenario time at 10×. (Set-up calls keep Orleans' own timeout.)
    /// </summary>
    public TimeSpan AgentTimeout => TimeSpan.FromSeconds(Math.Max(10 / Compression, 1));

    /// <summary>Fleet's <c>ArrivalJitter</c> in EC2 time: the wall jitter × c.</summary>
    public TimeSpan ArrivalJitter => EffectiveWallJitter * Compression;

    /// <summary>Problems with the options, each naming the option; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Compression is < 1 or > 100 || double.IsNaN(Compression))
        {
            yield return $"--compression must be between 1 and 100; it is {Compression}.";
        }

        if (Silos is < 1 or > 8)
        {
            yield return $"--silos must be between 1 and 8; it is {Silos}.";
        }

        if (KillAt is not null && Silos < 2)
        {
            yield return $"killing a silo needs at least 2 silos (silo 0 holds the development membership table); --silos is {Silos}.";
        }

        if (EffectiveWallJitter < TimeSpan.Zero || ArrivalJitter > TimeSpan.FromMinutes(1))
        {
            yield return $"the wall jitter × compression must be between 0 and 1 minute of EC2 time; it is {ArrivalJitter}.";
        }
    }
}
