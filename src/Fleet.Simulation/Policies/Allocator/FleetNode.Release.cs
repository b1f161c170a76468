using Fleet.Core.Addressing;
using Fleet.Core.Catalog;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// The release handshake (NodeGrain.Release): whole free prefixes are proposed from <see cref="ReleaseSelector"/>;
/// the agent (modelled here: its pods hold the node's lowest addresses, ENIs by device index) confirms at its next
/// report; after the confirmation and the 180 s release delay, and only if still safe, they are released from a
/// spare token.
/// </summary>
internal sealed partial class FleetNode
{
    private static readonly TimeSpan ReleaseDelay = TimeSpan.FromSeconds(180);
    private ReleaseAddresses? _release;
    private TimeSpan _proposedAt;
    private TimeSpan? _ackedAt;

    private ReleaseAddresses? ReleaseWanted(PlanOutcome outcome)
    {
        if (!fleet.ReleaseExcess || outcome.Status != PlanStatus.TargetMet || _state is null)
        {
            return null;
        }

        var inUse = InUse();
        if (_release is null)
        {
            if (ReleaseSelector.Propose(_state, sim.Spec, sim.Demand, inUse) is { } proposal)
            {
                _release = proposal;
                _proposedAt = Now;
                _ackedAt = null;

                // The agent sees the proposal in its allocation (observer push) and confirms within a second.
                fleet.Loop.After(AgentResponse, () => AcknowledgeRelease(proposal));
            }

            return null;
        }

        if (!ReleaseSelector.IsStillSafe(_release, _state, inUse) || outcome.Targets.Excess < _release.Addresses)
        {
            _release = null;
            return null;
        }

        return _ackedAt is not null && Now - _proposedAt >= ReleaseDelay ? _release : null;
    }

    private static readonly TimeSpan AgentResponse = TimeSpan.FromSeconds(1);

    /// <summary>The agent's report confirms a standing proposal (its pods use none of it).</summary>
    private void AcknowledgeRelease(ReleaseAddresses proposal)
    {
        if (ReferenceEquals(_release, proposal) && _ackedAt is null)
        {
            _ackedAt = Now;
        }
    }

    private void CancelRelease() => _release = null;

    /// <summary>Addresses the agent reports in use: its running pods hold the lowest ones.</summary>
    private HashSet<string> InUse()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var left = sim.Running;
        foreach (var eni in _state!.Enis.Where(e => NodeTargets.Counts(e, sim.Spec)).OrderBy(e => e.DeviceIndex))
        {
            foreach (var prefix in eni.Prefixes)
            {
                var network = Ipv4.ParseCidr(prefix).Network;
                for (uint i = 0; i < InstanceLimits.PrefixSize && left > 0; i++, left--)
                {
                    used.Add(Ipv4.Format(network + i));
                }
            }

            foreach (var ip in eni.SecondaryIps)
            {
                if (left-- <= 0)
                {
                    break;
                }

                used.Add(ip);
            }
        }

        return used;
    }
}
