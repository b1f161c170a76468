using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Simulation.Engine;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// A node's agent in the simulation: it reports on every change of its pods (with the addresses they hold: the node's
/// lowest, ENIs by device index), hands the allocation's addresses to waiting pods, and confirms a release proposal a
/// second after it sees it, for whatever its pods do not use.
/// </summary>
/// <param name="sim">The node's pods.</param>
/// <param name="loop">The engine.</param>
/// <param name="node">The node it reports to, whose memory now is what the allocation shows (read directly: a delegate
/// would be one more object a report reaches).</param>
internal sealed class SimAgent(SimNode sim, EventLoop loop, FleetNode node)
{
    private static readonly TimeSpan Response = TimeSpan.FromSeconds(1);
    private readonly PodAddresses _addresses = new();
    private ReleaseAddresses? _acking;
    private ImmutableArray<Eni> _enis;
    private NodeSpec? _spec;

    /// <summary>The report the agent would send now.</summary>
    public AgentReport Report()
    {
        var m = node.Memory;
        if (m.Enis != _enis || !ReferenceEquals(m.Spec, _spec))
        {
            Allocated(m.Enis, m.Spec);
        }

        return new AgentReport(sim.Demand.Used, sim.Demand.Pending, _addresses.InUse(sim.Running));
    }

    // The allocation changed: its addresses in order. Apart from Report, whose every call would otherwise allocate this closure.
    private void Allocated(ImmutableArray<Eni> enis, NodeSpec spec)
    {
        (_enis, _spec) = (enis, spec);
        _addresses.Update((enis, spec), enis.Where(e => NodeTargets.Counts(e, spec)).OrderBy(e => e.DeviceIndex).Select(e => ((IEnumerable<string>)e.Prefixes, (IEnumerable<string>)e.SecondaryIps)));
    }

    /// <summary>
    /// The node published its allocation: pods may use it, and a release proposal is answered a second later. Returns
    /// the report the agent sends at once when its pods' demand changed (pods that waited got addresses).
    /// </summary>
    public AgentReport? Publish()
    {
        var m = node.Memory;
        if (m.Node is not { } state)
        {
            return null;
        }

        sim.SetCapacity(NodeTargets.Compute(state, m.Spec, m.CurrentDemand).Available);
        if (m.Release is { AckedAt: null } proposal && !ReferenceEquals(_acking, proposal.Addresses))
        {
            _acking = proposal.Addresses;
            loop.After(Response, Acknowledge);
        }

        return sim.Demand != m.CurrentDemand ? Report() : null;
    }

    private void Acknowledge()
    {
        if (node.Memory.Release is not { AckedAt: null } standing || !ReferenceEquals(standing.Addresses, _acking))
        {
            return;
        }

        var now = Report();
        node.Send(now with { ReleaseAcks = _addresses.Confirmable([.. standing.Addresses.Prefixes, .. standing.Addresses.Ips], sim.Running) });
    }
}
