namespace Fleet.Soak;

/// <summary>One sample, taken every <see cref="SoakOptions.SampleEvery"/> of scenario time.</summary>
/// <param name="Minute">Scenario minutes since the start.</param>
/// <param name="HeapMb">The process's managed heap after a full, compacting collection, in MiB (silo, emulator and agents).</param>
/// <param name="FleetCalls">EC2 calls Fleet made since the previous sample.</param>
/// <param name="NodeChanges">Reports whose demand changed since the previous sample.</param>
/// <param name="CallsPerChange">FleetCalls / NodeChanges.</param>
/// <param name="Activations">Grain activations in the silo.</param>
public sealed record SoakSample(double Minute, double HeapMb, long FleetCalls, long NodeChanges, double CallsPerChange, int Activations);

/// <summary>What EC2's state showed at the end (every count must be 0).</summary>
/// <param name="DuplicateAddresses">Addresses or prefixes on two ENIs.</param>
/// <param name="ReleasedInUse">Addresses an agent's last report listed in use that are no longer on its node.</param>
/// <param name="LeakedEnis">ENIs of the cluster still detached after the janitor's passes.</param>
/// <param name="Violations">Each violation, described.</param>
public sealed record SoakChecks(int DuplicateAddresses, int ReleasedInUse, int LeakedEnis, IReadOnlyList<string> Violations);

/// <summary>A soak run's figures.</summary>
public sealed record SoakReport(
    SoakOptions Options,
    double WallSeconds,
    long Reports,
    long FailedReports,
    IReadOnlyDictionary<string, long> Refusals,
    int NodesLaunched,
    long NodeChanges,
    long FleetCalls,
    IReadOnlyDictionary<string, long> FaultsDrawn,
    IReadOnlyList<SoakSample> Samples,
    double MemoryGrowthPercent,
    double CallsPerChangeFirstHalf,
    double CallsPerChangeSecondHalf,
    SoakChecks Checks)
{
    /// <summary>Whether the soak passed: no invariant broken, memory growth after warm-up under 5 %.</summary>
    public bool Passed => Checks.Violations.Count == 0 && MemoryGrowthPercent < 5;
}
