using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Allocator;

/// <summary>
/// Fleet as the allocator runs it, in virtual time: the throttle grain's <see cref="ThrottleScheduler"/> (unchanged,
/// EC2's default buckets, <c>ArrivalJitter</c> 0 because in the engine a call reaches EC2 the instant its token is
/// granted), and per node Fleet.Core's <see cref="NodeLoop"/> (<see cref="FleetNode"/>), with the allocator's own
/// options: what the silo binds from <c>Fleet:Allocator</c>, defaults included. The scenario's cluster weights are the
/// throttle's <c>Fleet:Throttle:ClusterWeights</c>; with <paramref name="fairShares"/> off every request is the unnamed
/// cluster's, as if one cluster's Fleet served them all (the throttle before clusters had shares).
/// </summary>
/// <param name="name">The policy's name in reports.</param>
/// <param name="options">The allocator's options.</param>
/// <param name="fairShares">Whether the throttle shares its buckets between the nodes' clusters.</param>
internal sealed class FleetPolicy(string name, AllocatorOptions options, bool fairShares = true) : IPolicy
{
    private readonly Dictionary<string, FleetNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FleetSubnets> _zones = new(StringComparer.Ordinal);
    private PolicyContext _context = null!;
    private long _wakeGeneration;
    private TimeSpan _wakeAt = TimeSpan.MaxValue;

    public string Name => name;

    /// <summary>The allocator's options.</summary>
    public AllocatorOptions Options => options;

    public ThrottleScheduler Throttle { get; private set; } = null!;

    public FleetDescribes Describes { get; private set; } = null!;

    public FleetLimits Limits { get; private set; } = null!;

    /// <summary>The node groups' peak histories (the node group grains' part).</summary>
    public FleetGroups Groups { get; } = new(options.Prior);

    public Ec2Link Ec2 => _context.Ec2;

    public Engine.EventLoop Loop => _context.Loop;

    /// <summary>Whether the throttle shares its buckets between clusters.</summary>
    public bool FairShares => fairShares;

    public void Start(PolicyContext context)
    {
        _context = context;
        Throttle = new ThrottleScheduler(new ThrottleOptions
        {
            ArrivalJitter = TimeSpan.Zero,
            ClusterWeights = fairShares ? context.Scenario.ClusterWeights : [],
        }, context.Loop.Clock);
        Describes = new FleetDescribes(context.Ec2, Throttle, options);
        Limits = new FleetLimits(context.Ec2, Throttle);
        foreach (var zone in context.Scenario.Layout.Subnets.Select(s => s.AvailabilityZone).Distinct(StringComparer.Ordinal))
        {
            Subnets(Scenarios.RegionLayout.VpcId, zone).RefreshNow();
        }
    }

    public void OnJoined(SimNode node)
    {
        var fleet = new FleetNode(this, node);
        _nodes[node.InstanceId] = fleet;
        node.PolicyNode = fleet;
        fleet.Report();
    }

    public void OnDemand(SimNode node)
    {
        if (node.PolicyNode is FleetNode fleet)
        {
            fleet.Report();
        }
    }

    public void OnLeft(SimNode node)
    {
        node.PolicyNode = null;
        if (_nodes.Remove(node.InstanceId, out var fleet))
        {
            fleet.Leave();
            Throttle.Withdraw(node.InstanceId);
            Pump();
        }
    }

    public FleetSubnets Subnets(string vpcId, string zone)
    {
        var key = vpcId + "/" + zone;
        if (!_zones.TryGetValue(key, out var subnets))
        {
            _zones[key] = subnets = new FleetSubnets(Describes, Loop, options, vpcId, zone);
        }

        return subnets;
    }

    /// <summary>How long a new request would wait for each capacity-adding token (for <c>fleet-latency</c>).</summary>
    public PathWaits Waits() => Throttle.PathWaits();

    /// <summary>The throttle grain's pump: grant what can be granted, then wake when the next token is due.</summary>
    public void Pump()
    {
        for (var round = 0; round < 1000; round++)
        {
            var grants = Throttle.Dispatch();
            if (grants.Count == 0)
            {
                break;
            }

            foreach (var grant in grants)
            {
                if (_nodes.TryGetValue(grant.Requester, out var node))
                {
                    node.OnGranted(grant);
                }
                else
                {
                    Throttle.Complete(grant.Id, CallOutcome.Unused);
                }
            }
        }

        if (Throttle.NextDispatchIn() is not { } due)
        {
            return;
        }

        var at = Loop.Now + (due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due);
        if (_wakeAt > Loop.Now && _wakeAt <= at)
        {
            return;
        }

        WakeAt(at);
    }

    // Apart from Pump, so that only a pump that schedules a wake allocates its closure (most steps schedule none).
    private void WakeAt(TimeSpan at)
    {
        _wakeAt = at;
        var generation = ++_wakeGeneration;
        Loop.At(at, () =>
        {
            if (generation == _wakeGeneration)
            {
                _wakeAt = TimeSpan.MaxValue;
                Pump();
            }
        });
    }
}
