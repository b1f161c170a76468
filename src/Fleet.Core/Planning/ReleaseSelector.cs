using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Planning;

/// <summary>
/// Chooses what a node with excess capacity could give back: whole /28 prefixes and secondary IPs that hold no
/// address in use, up to the excess, from one ENI (one Unassign call). Nothing is ever proposed without the agent's
/// list of addresses in use, and the primary address of an ENI is never released.
/// </summary>
public static class ReleaseSelector
{
    /// <summary>
    /// A release proposal, or null when there is no excess, no list of addresses in use, or nothing free enough.
    /// ENIs with the highest device index are drained first, so capacity concentrates on the lower ones.
    /// </summary>
    public static ReleaseAddresses? Propose(NodeState node, NodeSpec spec, Demand demand, IEnumerable<string>? inUse) =>
        inUse is null ? null : Propose(node, spec, demand, ParseAll(inUse).Contains);

    /// <summary>
    /// As <see cref="Propose(NodeState, NodeSpec, Demand, IEnumerable{string})"/>, with the addresses in use as a test
    /// (<paramref name="used"/>: whether an address is in use), asked only when the node has excess.
    /// </summary>
    public static ReleaseAddresses? Propose(NodeState node, NodeSpec spec, Demand demand, Func<uint, bool> used)
    {
        var excess = NodeTargets.Compute(node, spec, demand).Excess;
        if (excess <= 0 || (excess < InstanceLimits.PrefixSize && !AnySecondaryIp(node, spec)))
        {
            return null; // most reports of a supplied node end here: less excess than a prefix, and no IP to give back
        }

        foreach (var eni in node.Enis.Where(e => NodeTargets.Counts(e, spec)).OrderByDescending(e => e.DeviceIndex))
        {
            if (excess < InstanceLimits.PrefixSize && eni.SecondaryIps.IsEmpty)
            {
                continue;
            }

            var budget = excess;
            var prefixes = ImmutableArray.CreateBuilder<string>();
            foreach (var prefix in excess < InstanceLimits.PrefixSize ? Enumerable.Empty<string>() : eni.Prefixes.OrderByDescending(Ipv4AddressOf))
            {
                if (budget < InstanceLimits.PrefixSize)
                {
                    break;
                }

                if (!PrefixInUse(prefix, used))
                {
                    prefixes.Add(prefix);
                    budget -= InstanceLimits.PrefixSize;
                }
            }

            var ips = ImmutableArray.CreateBuilder<string>();
            foreach (var ip in eni.SecondaryIps.OrderByDescending(Ipv4.Parse))
            {
                if (budget < 1)
                {
                    break;
                }

                if (!used(Ipv4.Parse(ip)))
                {
                    ips.Add(ip);
                    budget--;
                }
            }

            if (prefixes.Count > 0 || ips.Count > 0)
            {
                return new ReleaseAddresses(eni.Id, prefixes.ToImmutable(), ips.ToImmutable());
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a proposal may still be executed: every prefix and IP is still on the ENI and none holds an address
    /// the agent reports in use.
    /// </summary>
    public static bool IsStillSafe(ReleaseAddresses proposal, NodeState node, IEnumerable<string> inUse) =>
        IsStillSafe(proposal, node, ParseAll(inUse).Contains);

    /// <summary>As <see cref="IsStillSafe(ReleaseAddresses, NodeState, IEnumerable{string})"/>, with the addresses in use as a test.</summary>
    public static bool IsStillSafe(ReleaseAddresses proposal, NodeState node, Func<uint, bool> used)
    {
        var eni = node.FindEni(proposal.EniId);
        if (eni is null)
        {
            return false;
        }

        foreach (var prefix in proposal.Prefixes)
        {
            if (!eni.Prefixes.Contains(prefix) || PrefixInUse(prefix, used))
            {
                return false;
            }
        }

        foreach (var ip in proposal.Ips)
        {
            if (!eni.SecondaryIps.Contains(ip) || used(Ipv4.Parse(ip)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AnySecondaryIp(NodeState node, NodeSpec spec)
    {
        foreach (var eni in node.Enis)
        {
            if (!eni.SecondaryIps.IsEmpty && NodeTargets.Counts(eni, spec))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The addresses, parsed (each must be a valid IPv4 address).</summary>
    internal static HashSet<uint> ParseAll(IEnumerable<string> addresses)
    {
        var set = new HashSet<uint>();
        foreach (var address in addresses)
        {
            set.Add(Ipv4.Parse(address));
        }

        return set;
    }

    private static bool PrefixInUse(string prefix, Func<uint, bool> used)
    {
        var (network, _) = Ipv4.ParseCidr(prefix);
        for (uint i = 0; i < InstanceLimits.PrefixSize; i++)
        {
            if (used(network + i))
            {
                return true;
            }
        }

        return false;
    }

    private static uint Ipv4AddressOf(string prefix) => Ipv4.ParseCidr(prefix).Network;
}
