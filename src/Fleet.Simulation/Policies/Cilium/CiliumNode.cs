using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Targets;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Cilium;

/// <summary>
/// The operator's per-node state (its <c>Node</c> and the node's ENIs in the instances cache) and the allocation
/// arithmetic of Cilium's operator, pkg/ipam and pkg/aws/eni in github.com/cilium/cilium, and PR cilium/cilium#44154: available and used IPs, exclusion by first-interface-index,
/// prefix delegation per node, needed and excess IPs, the effective per-ENI limit.
/// </summary>
internal sealed class CiliumNode(SimNode sim)
{
    public SimNode Sim { get; } = sim;

    public string InstanceId => Sim.InstanceId;

    public InstanceLimits Limits => Sim.Limits;

    /// <summary>The node's ENIs as the operator's cache holds them (eth0 included).</summary>
    public List<Eni> Enis { get; set; } = [];

    /// <summary>Whether the instance is in the cache (an instance sync or full resync saw it since the node joined).</summary>
    public bool Known { get; set; }

    /// <summary>A maintenance round is running (the pool-maintainer trigger's function).</summary>
    public bool Maintaining { get; set; }

    /// <summary>A trigger arrived while the round ran, or one is scheduled: fold.</summary>
    public bool MaintainQueued { get; set; }

    /// <summary>An allocation happened and no instance sync has completed since: no allocation until then.</summary>
    public bool ResyncNeeded { get; set; }

    /// <summary>An instance sync is running; another one was asked for meanwhile.</summary>
    public bool Syncing { get; set; }

    public bool SyncQueued { get; set; }

    /// <summary>Consecutive failed rounds (the exponential backoff's attempt number).</summary>
    public int Failures { get; set; }

    public TimeSpan LastFailure { get; set; }

    /// <summary>Since when the node has had excess IPs (release delay), or null.</summary>
    public TimeSpan? ExcessSince { get; set; }

    public bool Left { get; set; }

    /// <summary>Whether an ENI is ignored: its device index is below first-interface-index.</summary>
    public bool Excluded(Eni eni) => eni.DeviceIndex < Sim.Spec.FirstInterfaceIndex;

    /// <summary><c>IsPrefixDelegated()</c>: enabled, Nitro, and no ENI holds /32 secondaries.</summary>
    public bool PrefixDelegated =>
        Sim.Spec.PrefixDelegation != PrefixDelegation.Off && Limits.SupportsPrefixDelegation && !Enis.Any(e => e.SecondaryIps.Length > 0);

    /// <summary>Addresses on non-excluded ENIs (primary excluded), prefixes expanded.</summary>
    public int Available => Enis.Where(e => !Excluded(e)).Sum(AddressesOn);

    public int Used => Sim.Running;

    public int MaxAllocate
    {
        get
        {
            var max = CiliumMath.MaximumAllocatable(Limits, Sim.Spec.FirstInterfaceIndex, PrefixDelegated);
            return Sim.Spec.MaxAllocate > 0 ? Sim.Spec.MaxAllocate : max;
        }
    }

    public int Needed => CiliumMath.NeededIps(Available, Used, Sim.Spec.EffectivePreAllocate, Sim.Spec.MinAllocate, MaxAllocate);

    public int Excess => CiliumMath.ExcessIps(Available, Used, Sim.Spec.EffectivePreAllocate, Sim.Spec.MinAllocate, Sim.Spec.MaxAboveWatermark);

    /// <summary><c>getEffectiveIPLimits</c>: IPs an ENI can hold.</summary>
    public int EffectiveLimit(Eni eni)
    {
        var limit = Limits.Ipv4PerInterface - 1 + (Sim.Spec.UsePrimaryAddress ? 1 : 0);
        if (PrefixDelegated)
        {
            return limit * InstanceLimits.PrefixSize;
        }

        return limit + (eni.Prefixes.Length * (InstanceLimits.PrefixSize - 1));
    }

    public int AddressesOn(Eni eni) => eni.SecondaryIps.Length + (eni.Prefixes.Length * InstanceLimits.PrefixSize) + (Sim.Spec.UsePrimaryAddress ? 1 : 0);

    /// <summary><c>findNextIndex(FirstInterfaceIndex)</c>: the first device index at or above it that no cached ENI uses.</summary>
    public int NextIndex()
    {
        var index = Sim.Spec.FirstInterfaceIndex;
        while (Enis.Any(e => e.DeviceIndex == index))
        {
            index++;
        }

        return index;
    }
}
