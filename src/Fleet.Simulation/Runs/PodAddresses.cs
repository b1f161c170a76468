using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Catalog;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Which addresses a node's pods hold, as both engines' agents model it: running pods hold the node's lowest
/// addresses in allocation order (ENIs by device index; each ENI's prefixes, then its secondary IPs). The agent
/// reports them as in use, and confirms a release proposal for whatever of it they do not touch.
/// </summary>
public sealed class PodAddresses
{
    private ImmutableArray<string> _addresses = [];
    private object? _of;

    /// <summary>The addresses of an allocation, in order; recomputed only when <paramref name="allocation"/> is a new one.</summary>
    /// <param name="allocation">Identifies the allocation (the same reference while it is unchanged).</param>
    /// <param name="enis">Each usable ENI's prefixes and secondary IPs, by device index.</param>
    public void Update(object allocation, IEnumerable<(IEnumerable<string> Prefixes, IEnumerable<string> Ips)> enis)
    {
        if (ReferenceEquals(allocation, _of))
        {
            return;
        }

        _of = allocation;
        var addresses = ImmutableArray.CreateBuilder<string>();
        foreach (var (prefixes, ips) in enis)
        {
            foreach (var prefix in prefixes)
            {
                var network = Ipv4.ParseCidr(prefix).Network;
                for (uint i = 0; i < InstanceLimits.PrefixSize; i++)
                {
                    addresses.Add(Ipv4.Format(network + i));
                }
            }

            addresses.AddRange(ips);
        }

        _addresses = addresses.ToImmutable();
    }

    /// <summary>The addresses <paramref name="pods"/> running pods hold.</summary>
    public ImmutableArray<string> InUse(int pods) => ImmutableArray.Create(_addresses, 0, Math.Min(pods, _addresses.Length));

    /// <summary>What of a release proposal the pods do not use: every prefix none of whose addresses is held, every such IP.</summary>
    public ImmutableArray<string> Confirmable(IEnumerable<string> proposal, int pods)
    {
        var used = InUse(pods).ToHashSet(StringComparer.Ordinal);
        return [.. proposal.Where(p => p.Contains('/', StringComparison.Ordinal)
            ? Enumerable.Range(0, InstanceLimits.PrefixSize).All(i => !used.Contains(Ipv4.Format(Ipv4.ParseCidr(p).Network + (uint)i)))
            : !used.Contains(p))];
    }
}
