using System.Net;

namespace Fleet.Testing;

/// <summary>
/// What must hold in EC2 after any scenario, checked against the emulator's state, never against Fleet's own view:
/// no address or prefix on two ENIs; every address an agent reported in use still on its node; no ENI of the cluster
/// left detached (once the janitor's window has passed, not even one whose instance is gone); every Fleet ENI attached
/// to the instance it was created for; every node at its target in EC2 or saying why not; Fleet's calls within the
/// throttle's budget.
/// </summary>
public static class Invariants
{
    /// <summary>Every violation found (empty when all hold).</summary>
    /// <remarks>With <paramref name="afterJanitor"/>, a detached ENI of the cluster is a leak even when its instance is gone.</remarks>
    public static List<string> Check(
        Ec2State state, string cluster, IReadOnlyDictionary<string, IReadOnlyCollection<string>>? inUseByNode = null, bool afterJanitor = false)
    {
        var violations = new List<string>();
        var owner = new Dictionary<uint, string>();
        foreach (var eni in state.Enis)
        {
            foreach (var address in Addresses(eni))
            {
                if (owner.TryGetValue(address, out var other) && other != eni.Id)
                {
                    violations.Add($"{Format(address)} is on both {other} and {eni.Id}");
                }

                owner[address] = eni.Id;
            }
        }

        foreach (var eni in state.FleetEnis(cluster))
        {
            var node = eni.Tags.GetValueOrDefault("fleet.io/node");
            var nodeAlive = node is not null && state.InstanceStates.GetValueOrDefault(node) is "running" or "pending";
            if (eni.AttachedTo is null && (nodeAlive || afterJanitor))
            {
                violations.Add($"{eni.Id} (created for {node}) is detached");
            }
            else if (eni.AttachedTo is not null && eni.AttachedTo != node)
            {
                violations.Add($"{eni.Id} was created for {node} but is attached to {eni.AttachedTo}");
            }
        }

        foreach (var (node, inUse) in inUseByNode ?? new Dictionary<string, IReadOnlyCollection<string>>())
        {
            var held = state.Enis.Where(e => e.AttachedTo == node).SelectMany(Addresses).ToHashSet();
            violations.AddRange(inUse.Where(a => !held.Contains(Parse(a))).Select(a => $"{a}, reported in use on {node}, is no longer assigned to it"));
        }

        return violations;
    }

    /// <summary>
    /// Every node either holds its demand (used + pending) in EC2 — addresses of the ENIs attached to it at or above its
    /// first interface index, prefixes and secondary IPs — or reports why not (status Blocked with a detail). Nodes whose
    /// instance is gone are skipped.
    /// </summary>
    public static List<string> Targets(Ec2State state, IEnumerable<Fleet.Abstractions.Messages.NodeAllocation> allocations, Func<string, int> firstInterfaceIndex)
    {
        var violations = new List<string>();
        foreach (var a in allocations)
        {
            if (state.InstanceStates.GetValueOrDefault(a.InstanceId) is not ("running" or "pending"))
            {
                continue;
            }

            var fii = firstInterfaceIndex(a.InstanceId);
            var held = state.Enis.Where(e => e.AttachedTo == a.InstanceId && e.DeviceIndex >= fii).Sum(e => (e.Prefixes.Count * 16) + e.SecondaryIps.Count);
            if (a.Status == Fleet.Abstractions.Messages.NodeStatus.Blocked && !string.IsNullOrWhiteSpace(a.Detail))
            {
                continue;
            }

            if (a.Status != Fleet.Abstractions.Messages.NodeStatus.Ready || held < a.Used + a.Pending)
            {
                violations.Add($"{a.InstanceId} is {a.Status} ('{a.Detail}') holding {held} addresses in EC2 for {a.Used} used + {a.Pending} pending");
            }
        }

        return violations;
    }

    /// <summary>Fleet's calls in a trail and how many of them EC2 throttled (<c>RequestLimitExceeded</c>).</summary>
    public static (int Calls, int Throttled) Budget(IEnumerable<(string? Client, string Outcome)> trail, Func<string?, bool> isFleet)
    {
        var fleet = trail.Where(t => isFleet(t.Client)).ToList();
        return (fleet.Count, fleet.Count(t => t.Outcome == "RequestLimitExceeded"));
    }

    /// <summary>Every address an ENI holds: primary, secondary IPs, and each address of each prefix.</summary>
    public static IEnumerable<uint> Addresses(StateEni eni)
    {
        yield return Parse(eni.PrimaryIp);
        foreach (var ip in eni.SecondaryIps)
        {
            yield return Parse(ip);
        }

        foreach (var prefix in eni.Prefixes)
        {
            var network = Parse(prefix[..prefix.IndexOf('/', StringComparison.Ordinal)]);
            for (uint i = 0; i < 16; i++)
            {
                yield return network + i;
            }
        }
    }

    private static uint Parse(string address)
    {
        var bytes = IPAddress.Parse(address).GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    private static string Format(uint a) => $"{a >> 24}.{(a >> 16) & 0xFF}.{(a >> 8) & 0xFF}.{a & 0xFF}";
}
