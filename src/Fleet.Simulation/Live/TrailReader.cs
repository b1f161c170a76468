using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Live;

/// <summary>
/// Feeds the emulator's trail of Fleet's calls into the run's recorder, so the live engine counts calls exactly as
/// the simulator does. Fleet's calls are every call not made by the engine itself (client <c>scenario</c>): they come
/// over HTTP from AWSSDK.EC2, identified by its User-Agent. A call's path follows its action: Assign, Create and Attach
/// are critical, other mutations housekeeping, Describe* reads. Caller holds the run's lock.
/// </summary>
internal sealed class TrailReader(Ec2Region region, RunRecorder recorder, bool perNode)
{
    private readonly Dictionary<string, string> _eniOwners = new(StringComparer.Ordinal);
    private long _after;

    /// <summary>The region's time of Fleet's latest call, if any.</summary>
    public DateTimeOffset? LastFleetCall { get; private set; }

    /// <summary>Fleet's calls recorded so far.</summary>
    public long Calls { get; private set; }

    /// <summary>Records Fleet's calls since the last read.</summary>
    public void Read()
    {
        foreach (var entry in region.Trail(_after))
        {
            _after = entry.Sequence;
            if (entry.Client == LiveRegion.ScenarioClient || !Ec2ActionFacts.TryParse(entry.Action, out var action))
            {
                continue;
            }

            var bucket = entry.Bucket is { } b && Enum.TryParse<Ec2Action>(b, out var unfiltered) ? unfiltered : action;
            var path = !action.IsMutating() ? CallPath.Read : action.AddsCapacity() ? CallPath.Critical : CallPath.Housekeeping;
            recorder.Call(bucket, path, entry.Outcome, perNode ? Owner(entry) : null);
            LastFleetCall = entry.Time;
            Calls++;
        }
    }

    private string? Owner(TrailEntry entry)
    {
        if (entry.InstanceId is { } instance)
        {
            return instance;
        }

        if (entry.NetworkInterfaceId is not { } eni)
        {
            return null;
        }

        if (!_eniOwners.TryGetValue(eni, out var owner))
        {
            foreach (var n in region.Snapshot().NetworkInterfaces)
            {
                var node = n.Attachment?.InstanceId ?? n.Tags.FirstOrDefault(t => t.Key == Core.Model.FleetTags.Node)?.Value;
                if (node is not null)
                {
                    _eniOwners[n.NetworkInterfaceId] = node;
                }
            }

            _eniOwners.TryGetValue(eni, out owner);
        }

        return owner;
    }
}
