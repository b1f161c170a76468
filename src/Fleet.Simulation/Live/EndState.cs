using Fleet.Abstractions.Messages;
using Fleet.Core.Model;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Reports;

namespace Fleet.Simulation.Live;

/// <summary>
/// Checks a live run's end state against EC2 (the emulator's region): nothing leaked (every ENI tagged
/// <c>fleet.io/cluster</c> is attached to the node its <c>fleet.io/node</c> tag names), no address or /28 prefix is on
/// two ENIs, and every node's allocation, as Fleet reports it to the agent, is exactly what EC2 holds for it.
/// </summary>
internal static class EndState
{
    /// <summary>Reads every active node's allocation and compares it with the region.</summary>
    public static async Task<EndStateChecks> CheckAsync(Ec2Region region, IReadOnlyCollection<LiveAgent> agents)
    {
        var active = agents.Where(a => a.Node.Active).ToList();
        var allocations = await Task.WhenAll(active.Select(a => a.Grain.GetAllocation()));
        var snapshot = region.Snapshot();
        var fleetEnis = snapshot.NetworkInterfaces.Where(n => n.Tags.Any(t => t.Key == FleetTags.Cluster)).ToList();
        var misplaced = fleetEnis.Count(n => n.Attachment?.InstanceId is not { } on || n.Tags.FirstOrDefault(t => t.Key == FleetTags.Node)?.Value != on);
        var twice = snapshot.NetworkInterfaces
            .SelectMany(n => n.PrivateIpAddresses.Select(p => p.PrivateIpAddress).Concat(n.Ipv4Prefixes))
            .GroupBy(a => a, StringComparer.Ordinal)
            .Count(g => g.Count() > 1);
        var byInstance = snapshot.NetworkInterfaces.Where(n => n.Attachment is not null).ToLookup(n => n.Attachment!.InstanceId, StringComparer.Ordinal);
        var differing = 0;
        for (var i = 0; i < active.Count; i++)
        {
            var first = active[i].Node.Spec.FirstInterfaceIndex;
            var ec2 = byInstance[active[i].Node.InstanceId]
                .Where(n => n.Attachment!.DeviceIndex >= first)
                .SelectMany(n => n.Ipv4Prefixes.Concat(n.SecondaryIpAddresses))
                .Order(StringComparer.Ordinal);
            var fleet = allocations[i].Enis.SelectMany(e => e.Prefixes.Concat(e.Ips)).Order(StringComparer.Ordinal);
            if (!ec2.SequenceEqual(fleet, StringComparer.Ordinal))
            {
                differing++;
            }
        }

        return new EndStateChecks(allocations.Count(a => a.Status == NodeStatus.Ready), active.Count, fleetEnis.Count, misplaced, twice, differing);
    }
}
