using Fleet.Ec2.Emulator;

namespace Fleet.Soak;

/// <summary>
/// Takes a <see cref="SoakSample"/>: the managed heap after a full blocking, compacting collection (so the figure is
/// what is live, not what the collector has not reclaimed yet), Fleet's EC2 calls (the emulator's per-client counts:
/// the AWSSDK.EC2 client) and the workload's node changes since the previous sample.
/// </summary>
internal sealed class SoakSampler(Ec2Region region, SoakWorkload workload, Func<Task<int>> activations)
{
    private readonly List<SoakSample> _samples = [];
    private long _calls;
    private long _changes;

    public IReadOnlyList<SoakSample> Samples => _samples;

    public async Task<SoakSample> SampleAsync(TimeSpan scenarioTime)
    {
        var calls = FleetCalls(region);
        var changes = workload.NodeChanges;
        var sample = new SoakSample(
            Math.Round(scenarioTime.TotalMinutes, 1),
            Math.Round(Heap() / 1024.0 / 1024.0, 2),
            calls - _calls,
            changes - _changes,
            changes == _changes ? 0 : Math.Round((double)(calls - _calls) / (changes - _changes), 3),
            await activations());
        (_calls, _changes) = (calls, changes);
        _samples.Add(sample);
        return sample;
    }

    /// <summary>Every call Fleet's AWSSDK.EC2 client made so far (the emulator names a client by its User-Agent).</summary>
    public static long FleetCalls(Ec2Region region) =>
        region.Statistics().ByClient.Where(c => c.Key.StartsWith("aws-sdk-dotnet", StringComparison.Ordinal)).Sum(c => c.Value);

    private static long Heap()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
