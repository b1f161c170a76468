using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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
    private const int Kept = 4;
    private RecentLists _recent; // inline in this object: a report's lookup reaches no other object until it hits
    private ImmutableArray<string> _addresses = [];
    private object? _of;
    private int _next;

    /// <summary>An agent with no allocation yet.</summary>
    public PodAddresses() => Forget();

    /// <summary>The addresses of an allocation, in order; recomputed only when <paramref name="allocation"/> is a new one.</summary>
    /// <param name="allocation">Identifies the allocation: equal (<see cref="object.Equals(object, object)"/>) while it is unchanged.</param>
    /// <param name="enis">Each usable ENI's prefixes and secondary IPs, by device index.</param>
    public void Update(object allocation, IEnumerable<(IEnumerable<string> Prefixes, IEnumerable<string> Ips)> enis)
    {
        if (Equals(allocation, _of))
        {
            return;
        }

        _of = allocation;
        Forget();
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

    /// <summary>
    /// The addresses <paramref name="pods"/> running pods hold. The lists of the last few pod counts are kept: pods come
    /// and go around a level, and a report that repeats a list repeats the same array.
    /// </summary>
    public ImmutableArray<string> InUse(int pods)
    {
        var count = Math.Min(pods, _addresses.Length);
        for (var i = 0; i < Kept; i++)
        {
            if (_recent[i].Count == count)
            {
                return _recent[i].List;
            }
        }

        var list = ImmutableArray.Create(_addresses, 0, count);
        _recent[_next] = new Recent(count, list);
        _next = (_next + 1) % Kept;
        return list;
    }

    /// <summary>What of a release proposal the pods do not use: every prefix none of whose addresses is held, every such IP.</summary>
    public ImmutableArray<string> Confirmable(IEnumerable<string> proposal, int pods)
    {
        var used = InUse(pods).ToHashSet(StringComparer.Ordinal);
        return [.. proposal.Where(p => p.Contains('/', StringComparison.Ordinal)
            ? Enumerable.Range(0, InstanceLimits.PrefixSize).All(i => !used.Contains(Ipv4.Format(Ipv4.ParseCidr(p).Network + (uint)i)))
            : !used.Contains(p))];
    }

    private void Forget()
    {
        for (var i = 0; i < Kept; i++)
        {
            _recent[i] = new Recent(-1, default);
        }
    }

    /// <summary>A kept list and its length (-1: none kept).</summary>
    private readonly record struct Recent(int Count, ImmutableArray<string> List);

    [InlineArray(Kept)]
    private struct RecentLists
    {
        private Recent _first;
    }
}
