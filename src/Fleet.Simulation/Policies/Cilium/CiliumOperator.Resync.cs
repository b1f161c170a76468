using Fleet.Core.Model;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>
/// The full resync (§3.6), at start and every minute: DescribeVpcs, DescribeSubnets and DescribeSecurityGroups
/// (VPC-filtered, v1.19/main), then every ENI of the VPC page by page; subnet free counts and every joined node's
/// ENIs are replaced from the answers, and every node is recalculated, deficits first. DescribeRouteTables is not
/// modelled (the emulator has no route tables): Cilium ≥ 1.18 makes one more call per resync.
/// </summary>
internal sealed partial class CiliumOperator
{
    private bool _resyncing;

    private void FullResync()
    {
        Loop.After(ResyncInterval, FullResync);
        if (_resyncing)
        {
            return;
        }

        _resyncing = true;
        var vpc = Ec2Filter.Of("vpc-id", Scenarios.RegionLayout.VpcId);
        Limited(() => _sdk.Call(Ec2Action.DescribeVpcs, CallPath.Read, null,
            (r, c) => r.DescribeVpcs(new DescribeVpcsRequest { VpcIds = [Scenarios.RegionLayout.VpcId] }, c), _ =>
            Limited(() => _sdk.Call(Ec2Action.DescribeSubnets, CallPath.Read, null,
                (r, c) => r.DescribeSubnets(new DescribeSubnetsRequest { Filters = [vpc] }, c), subnets =>
                {
                    foreach (var s in subnets.Value?.Subnets ?? [])
                    {
                        _subnetFree[s.SubnetId] = s.AvailableIpAddressCount;
                        _subnetZone[s.SubnetId] = s.AvailabilityZone;
                    }

                    Limited(() => _sdk.Call(Ec2Action.DescribeSecurityGroups, CallPath.Read, null,
                        (r, c) => r.DescribeSecurityGroups(new DescribeSecurityGroupsRequest { Filters = [vpc] }, c),
                        _ => InterfacesPage(null, [])));
                }))));
    }

    private readonly Dictionary<string, string> _subnetZone = new(StringComparer.Ordinal);

    private void InterfacesPage(string? token, List<Ec2NetworkInterface> seen)
    {
        Limited(() => _sdk.Call(Ec2Action.DescribeNetworkInterfaces, CallPath.Read, null,
            (r, c) => r.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest
            {
                Filters = [Ec2Filter.Of("private-ip-address", "*")],
                MaxResults = 1000,
                NextToken = token,
            }, c),
            answer =>
            {
                if (answer.Value is not { } page)
                {
                    _resyncing = false; // the instances API is unstable: try again next minute
                    return;
                }

                seen.AddRange(page.NetworkInterfaces);
                if (page.NextToken is { } next)
                {
                    InterfacesPage(next, seen);
                }
                else
                {
                    ApplyResync(seen);
                }
            }));
    }

    private void ApplyResync(List<Ec2NetworkInterface> enis)
    {
        _resyncing = false;
        var byInstance = new Dictionary<string, List<Eni>>(StringComparer.Ordinal);
        foreach (var view in enis)
        {
            if (view.Attachment?.InstanceId is { } owner && _nodes.ContainsKey(owner))
            {
                if (!byInstance.TryGetValue(owner, out var list))
                {
                    byInstance[owner] = list = [];
                }

                list.Add(Ec2Mapping.ToEni(view));
            }
        }

        foreach (var (id, list) in byInstance)
        {
            var node = _nodes[id];
            node.Enis = list;
            node.Known = true;
        }

        foreach (var node in _nodes.Values.Where(n => n.Known).OrderByDescending(n => n.Needed).ToList())
        {
            Recalculate(node);
        }

        if (!_synced)
        {
            _synced = true; // the operator starts serving nodes after its first, blocking, full resync
            PumpUpserts();
        }
    }
}
