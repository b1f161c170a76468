using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>
/// One maintenance round (<c>maintainIPPool</c>, §2.5–§2.7, §2.11): release if enabled and due, else nothing if
/// nothing is needed, else grow one ENI (a random candidate, as Go's map order) or create one. One action per round.
/// </summary>
internal sealed partial class CiliumOperator
{
    private static readonly TimeSpan ReleaseDelay = TimeSpan.FromSeconds(180);

    private void Maintain(CiliumNode node)
    {
        if (node.Left || !node.Known)
        {
            return;
        }

        if (node.Maintaining)
        {
            node.MaintainQueued = true;
            return;
        }

        node.Maintaining = true;
        if (ReleaseExcess && TryRelease(node))
        {
            return;
        }

        var needed = node.Needed;
        if (node.ResyncNeeded || needed == 0)
        {
            RoundDone(node, mutated: false, failed: false);
            return;
        }

        var surge = Math.Max(node.Sim.Waiting - needed, 0);
        var maxToAllocate = needed + node.Sim.Spec.MaxAboveWatermark + surge;
        var (candidate, availableForAllocation) = PrepareAllocation(node);
        if (candidate is not null && availableForAllocation > 0)
        {
            Grow(node, candidate, Math.Min(availableForAllocation, maxToAllocate), maxToAllocate);
        }
        else
        {
            CreateInterface(node, maxToAllocate);
        }
    }

    /// <summary><c>PrepareIPAllocation</c>: the first ENI in random order with room whose subnet has free addresses.</summary>
    private (Eni? Eni, int Available) PrepareAllocation(CiliumNode node)
    {
        var order = node.Enis.ToArray();
        Loop.Random.Shuffle(order);
        foreach (var eni in order)
        {
            if (node.Excluded(eni))
            {
                continue;
            }

            var room = Math.Max(node.EffectiveLimit(eni) - node.AddressesOn(eni), 0);
            if (room > 0 && _subnetFree.GetValueOrDefault(eni.SubnetId) > 0)
            {
                return (eni, Math.Min(_subnetFree[eni.SubnetId], room));
            }
        }

        return (null, 0);
    }

    /// <summary><c>AllocateIPs</c>: one Assign (prefixes in PD mode, falling back to /32s when the subnet has no /28); on failure, create an ENI in the same round.</summary>
    private void Grow(CiliumNode node, Eni eni, int count, int maxToAllocate)
    {
        var prefixes = node.PrefixDelegated;
        Assign(node, eni.Id, prefixes ? CiliumSizing.PrefixCeil(count) : null, prefixes ? null : count, answer =>
        {
            if (answer.IsSuccess)
            {
                RoundDone(node, mutated: true, failed: false);
            }
            else if (prefixes && answer.Error!.Code == "InsufficientCidrBlocks")
            {
                var slots = node.Limits.Ipv4PerInterface - 1 - eni.SecondaryIps.Length - eni.Prefixes.Length;
                Assign(node, eni.Id, null, Math.Max(Math.Min(count, slots), 1), fallback =>
                {
                    if (fallback.IsSuccess)
                    {
                        RoundDone(node, mutated: true, failed: false);
                    }
                    else
                    {
                        CreateInterface(node, maxToAllocate);
                    }
                });
            }
            else
            {
                CreateInterface(node, maxToAllocate);
            }
        });
    }

    private void Assign(CiliumNode node, string eniId, int? prefixes, int? ips, Action<Ec2Response<AssignPrivateIpAddressesResult>> done) =>
        Limited(() => _sdk.Call(Ec2Action.AssignPrivateIpAddresses, CallPath.Critical, node.InstanceId,
            (r, c) => r.AssignPrivateIpAddresses(new AssignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = eniId,
                Ipv4PrefixCount = prefixes,
                SecondaryPrivateIpAddressCount = ips,
            }, c), done));

    /// <summary>
    /// Release (main, 1.20-agent path, only with <c>--aws-release-excess-ips</c>): after the excess has lasted the
    /// release delay, whole unused prefixes of the first ENI (sorted by id) while the excess covers them. Before
    /// #44154 prefixes were never released. The agent confirms at once; its pods hold the lowest addresses.
    /// </summary>
    private bool TryRelease(CiliumNode node)
    {
        if (node.Excess <= 0)
        {
            node.ExcessSince = null;
            return false;
        }

        node.ExcessSince ??= Now;
        if (_version == CiliumVersion.Pre44154 || Now - node.ExcessSince < ReleaseDelay)
        {
            return false;
        }

        var excess = node.Excess;
        var releasable = ReleasablePrefixes(node);
        foreach (var (eni, prefixes) in releasable.OrderBy(r => r.Eni.Id, StringComparer.Ordinal))
        {
            var chosen = prefixes.Take(excess / InstanceLimits.PrefixSize).ToList();
            if (chosen.Count == 0)
            {
                continue;
            }

            Limited(() => _sdk.Call(Ec2Action.UnassignPrivateIpAddresses, CallPath.Housekeeping, node.InstanceId,
                (r, c) => r.UnassignPrivateIpAddresses(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eni.Id, Ipv4Prefixes = chosen }, c),
                answer =>
                {
                    node.ExcessSince = null;
                    RoundDone(node, mutated: answer.IsSuccess, failed: !answer.IsSuccess);
                }));
            return true;
        }

        return false;
    }

    /// <summary>Per ENI, its prefixes no pod uses: pods hold the lowest addresses (ENIs by device index, prefixes in order).</summary>
    private static List<(Eni Eni, List<string> Prefixes)> ReleasablePrefixes(CiliumNode node)
    {
        var used = node.Used;
        var result = new List<(Eni, List<string>)>();
        foreach (var eni in node.Enis.Where(e => !node.Excluded(e)).OrderBy(e => e.DeviceIndex))
        {
            var free = new List<string>();
            foreach (var prefix in eni.Prefixes)
            {
                if (used > 0)
                {
                    used -= Math.Min(used, InstanceLimits.PrefixSize);
                }
                else
                {
                    free.Add(prefix);
                }
            }

            used = Math.Max(used - eni.SecondaryIps.Length, 0);
            if (free.Count > 0)
            {
                result.Add((eni, free));
            }
        }

        return result;
    }
}
