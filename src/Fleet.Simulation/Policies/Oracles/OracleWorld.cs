using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Throttling;
using Fleet.Ec2.Emulator;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Policies.Oracles;

/// <summary>
/// What the offline oracles know without asking EC2: every node's starting state and the subnets' true free
/// addresses and /28 blocks (read once from the region, never counted as calls), and a mirror of EC2's
/// per-action buckets for the capacity-adding calls, so each call is sent exactly when EC2 will hold a token.
/// </summary>
internal sealed class OracleWorld
{
    private readonly Dictionary<Ec2Action, ReservationBucket> _buckets = [];

    public OracleWorld(PolicyContext context)
    {
        var snapshot = context.Ec2.Region.Snapshot();
        var byId = snapshot.Instances.ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
        foreach (var node in context.Nodes)
        {
            Start[node.InstanceId] = Ec2Mapping.ToNode(byId[node.InstanceId], node.Limits, byId[node.InstanceId].NetworkInterfaces);
        }

        Subnets = new SubnetView(snapshot.Subnets.Select(s =>
            new SubnetCapacity(s.SubnetId, s.VpcId, s.AvailabilityZone, s.AvailableIpAddressCount, s.FreeAlignedPrefixes, s.Tags.ToDictionary(t => t.Key, t => t.Value).ToImmutableDictionary())));
        foreach (var action in new[] { Ec2Action.AssignPrivateIpAddresses, Ec2Action.CreateNetworkInterface, Ec2Action.AttachNetworkInterface })
        {
            var spec = Ec2BucketDefaults.For(action);
            _buckets[action] = new ReservationBucket(spec.Capacity, spec.RefillPerSecond, context.Ec2.Loop.Clock);
        }
    }

    /// <summary>Each node as launched.</summary>
    public Dictionary<string, NodeState> Start { get; } = new(StringComparer.Ordinal);

    /// <summary>The subnets as they were before the run.</summary>
    public SubnetView Subnets { get; }

    /// <summary>EC2's bucket for a capacity-adding action, mirrored.</summary>
    public ReservationBucket Bucket(Ec2Action action) => _buckets[action];

    /// <summary>A safety margin so a call never arrives a hair before EC2's token (floating point).</summary>
    public static TimeSpan Margin => TimeSpan.FromMilliseconds(1);
}
