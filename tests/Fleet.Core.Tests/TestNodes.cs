using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;

namespace Fleet.Core.Tests;

/// <summary>Node states for tests.</summary>
internal static class TestNodes
{
    public static InstanceLimits Limits(string type) => InstanceTypeCatalog.Embedded.Get(type);

    public static NodeState Fresh(string type = "m5.large") => FreshNode.Create("i-0test", Limits(type));

    public static PlanningContext Context(NodeState node, NodeSpec spec, int used = 0, int pending = 0, SubnetView? subnets = null) =>
        new(node, spec, new Demand(used, pending), subnets ?? SubnetView.Unconstrained);

    public static NodeSpec Prefix(int minAllocate = 0, int fii = 0, int maw = 0) =>
        new() { PrefixDelegation = PrefixDelegation.On, MinAllocate = minAllocate, FirstInterfaceIndex = fii, MaxAboveWatermark = maw };

    public static SubnetCapacity Subnet(string id, int freeAddresses, int freeBlocks, string az = "us-east-1a") =>
        new(id, "vpc-0fleet", az, freeAddresses, freeBlocks, ImmutableDictionary<string, string>.Empty);
}
