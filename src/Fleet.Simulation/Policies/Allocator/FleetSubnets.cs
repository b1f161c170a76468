using System.Collections.Immutable;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The allocator's subnet grain for one VPC and zone, in virtual time: subnets as last described (DescribeSubnets
/// filtered by VPC and zone, re-read when older than 60 s), free /28 blocks estimated as free addresses / 16, calls
/// made since subtracted, and subnets EC2 called exhausted avoided for 5 min (Fleet.Grains' <c>SubnetGrain</c>).
/// </summary>
internal sealed class FleetSubnets(FleetDescribes describes, Engine.EventLoop loop, string vpcId, string zone)
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExhaustedFor = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, Entry> _subnets = new(StringComparer.Ordinal);
    private TimeSpan? _describedAt;
    private bool _refreshing;
    private SubnetView? _view;
    private TimeSpan _viewExpires;

    /// <summary>The view planners use; a refresh starts when the last describe is older than 60 s.</summary>
    public SubnetView View()
    {
        if (!_refreshing && (_describedAt is null || loop.Now - _describedAt >= Refresh))
        {
            RefreshNow();
        }

        if (_view is null || loop.Now >= _viewExpires)
        {
            _view = Build();
        }

        return _view;
    }

    public void RefreshNow()
    {
        _refreshing = true;
        describes.Call(Ec2Action.DescribeSubnets,
            (r, c) => r.DescribeSubnets(new DescribeSubnetsRequest { Filters = [Ec2Filter.Of("vpc-id", vpcId), Ec2Filter.Of("availability-zone", zone)], MaxResults = 1000 }, c),
            answer =>
            {
                _refreshing = false;
                _describedAt = loop.Now;
                foreach (var subnet in answer.Value?.Subnets ?? [])
                {
                    var entry = _subnets.TryGetValue(subnet.SubnetId, out var known) ? known : new Entry();
                    entry.Seen = subnet;
                    entry.ReservedAddresses = 0;
                    entry.ReservedBlocks = 0;
                    _subnets[subnet.SubnetId] = entry;
                }

                _view = null;
            });
    }

    public void Reserve(string subnetId, int addresses, int blocks)
    {
        if (_subnets.TryGetValue(subnetId, out var entry))
        {
            entry.ReservedAddresses += addresses;
            entry.ReservedBlocks += blocks;
            _view = null;
        }
    }

    public void MarkExhausted(string subnetId, bool prefixesOnly)
    {
        if (_subnets.TryGetValue(subnetId, out var entry))
        {
            entry.PrefixesExhaustedUntil = loop.Now + ExhaustedFor;
            if (!prefixesOnly)
            {
                entry.AddressesExhaustedUntil = loop.Now + ExhaustedFor;
            }

            _view = null;
        }
    }

    private SubnetView Build()
    {
        var now = loop.Now;
        _viewExpires = TimeSpan.MaxValue;
        var capacities = new List<SubnetCapacity>(_subnets.Count);
        foreach (var e in _subnets.Values)
        {
            var s = e.Seen!;
            foreach (var until in new[] { e.PrefixesExhaustedUntil, e.AddressesExhaustedUntil })
            {
                if (until > now && until < _viewExpires)
                {
                    _viewExpires = until.Value;
                }
            }

            var addresses = e.AddressesExhaustedUntil > now ? 0 : Math.Max(s.AvailableIpAddressCount - e.ReservedAddresses, 0);
            var blocks = e.PrefixesExhaustedUntil > now ? 0 : Math.Max((s.AvailableIpAddressCount / 16) - e.ReservedBlocks, 0);
            blocks = Math.Min(blocks, addresses / 16);
            capacities.Add(new SubnetCapacity(s.SubnetId, s.VpcId, s.AvailabilityZone, addresses, blocks,
                s.Tags.ToDictionary(t => t.Key, t => t.Value).ToImmutableDictionary()));
        }

        return new SubnetView(capacities);
    }

    private sealed class Entry
    {
        public Ec2Subnet? Seen { get; set; }

        public int ReservedAddresses { get; set; }

        public int ReservedBlocks { get; set; }

        public TimeSpan? PrefixesExhaustedUntil { get; set; }

        public TimeSpan? AddressesExhaustedUntil { get; set; }
    }
}
