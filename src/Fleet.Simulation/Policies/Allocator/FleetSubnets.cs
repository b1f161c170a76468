using Fleet.Core.Node;
using System.Collections.Immutable;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The allocator's subnet grain for one VPC and zone, in virtual time: the same <see cref="SubnetLedger"/> as Fleet.Grains'
/// <c>SubnetGrain</c>, fed by DescribeSubnets (filtered by VPC and zone, re-read when older than the allocator's
/// <c>SubnetRefreshInterval</c>) and by the calls; subnets EC2 called exhausted are avoided for <c>SubnetExhaustedFor</c>.
/// Virtual time is read as an offset from the Unix epoch.
/// </summary>
internal sealed class FleetSubnets(FleetDescribes describes, Engine.EventLoop loop, Core.Node.AllocatorOptions options, string vpcId, string zone)
{
    private readonly SubnetLedger _ledger = new(options.SubnetExhaustedFor, options.SubnetImpairedFor);
    private TimeSpan? _describedAt;
    private bool _refreshing;
    private SubnetView? _view;
    private DateTimeOffset _viewExpires;

    private DateTimeOffset Now => DateTimeOffset.UnixEpoch + loop.Now;

    /// <summary>The view planners use; a refresh starts when the last describe is older than the refresh interval.</summary>
    public SubnetView View()
    {
        if (!_refreshing && (_describedAt is null || loop.Now - _describedAt >= options.SubnetRefreshInterval))
        {
            RefreshNow();
        }

        var now = Now;
        if (_view is null || now >= _viewExpires)
        {
            _view = _ledger.View(now);
            _viewExpires = _ledger.NextExpiry(now) ?? DateTimeOffset.MaxValue;
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
                foreach (var s in answer.Value?.Subnets ?? [])
                {
                    _ledger.Seen(new SubnetSighting(s.SubnetId, s.VpcId, s.AvailabilityZone, s.CidrBlock, s.AvailableIpAddressCount,
                        s.Tags.ToImmutableDictionary(t => t.Key, t => t.Value)));
                }

                _view = null;
            });
    }

    public void Reserve(string subnetId, int addresses, int blocks)
    {
        _ledger.Reserve(subnetId, addresses, blocks);
        _view = null;
    }

    public void MarkExhausted(string subnetId, bool prefixesOnly)
    {
        _ledger.MarkExhausted(subnetId, prefixesOnly, Now);
        _view = null;
    }

    public void MarkImpaired(string subnetId)
    {
        _ledger.MarkImpaired(subnetId, Now);
        _view = null;
    }
}
