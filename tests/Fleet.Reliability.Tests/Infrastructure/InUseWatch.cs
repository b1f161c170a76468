using Fleet.Testing;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>
/// Samples EC2 (the emulator's region) while a run goes on and records every address a pod used that EC2 no longer
/// had on the pod's node (released while in use), and every address EC2 had on two ENIs at once. An address counts as
/// in use when the agent held it both just before and just after the snapshot, so a pod started or stopped during the
/// sample is never misread.
/// </summary>
internal sealed class InUseWatch(Func<Task<Ec2State>> ec2, IReadOnlyList<PodAgent> agents, string cluster)
{
    private readonly HashSet<string> _releasedInUse = new(StringComparer.Ordinal);
    private readonly HashSet<string> _duplicates = new(StringComparer.Ordinal);

    public int Samples { get; private set; }

    public IReadOnlyCollection<string> ReleasedInUse => _releasedInUse;

    public IReadOnlyCollection<string> Duplicates => _duplicates;

    public async Task RunAsync(TimeSpan every, CancellationToken stop)
    {
        await Cadence.AfterEachAsync(every, SampleAsync, stop);
        await SampleAsync();
    }

    public async Task SampleAsync()
    {
        var before = agents.Select(a => a.InUse).ToList();
        var state = await ec2();
        var after = agents.Select(a => a.InUse.ToHashSet(StringComparer.Ordinal)).ToList();
        for (var i = 0; i < agents.Count; i++)
        {
            var node = agents[i].InstanceId;
            var held = state.Enis.Where(e => e.AttachedTo == node).SelectMany(Invariants.Addresses).ToHashSet();
            foreach (var address in before[i].Where(after[i].Contains).Where(a => !held.Contains(Ipv4(a))))
            {
                _releasedInUse.Add($"{address} on {node}");
            }
        }

        foreach (var violation in Invariants.Check(state, cluster).Where(v => v.Contains(" is on both ", StringComparison.Ordinal)))
        {
            _duplicates.Add(violation);
        }

        Samples++;
    }

    private static uint Ipv4(string address)
    {
        var b = System.Net.IPAddress.Parse(address).GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }
}
