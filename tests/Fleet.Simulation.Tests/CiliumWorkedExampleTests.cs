using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Simulation.Policies.Cilium;
using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Tests;

/// <summary>
/// The Cilium models reproduce the worked examples of Cilium's ENI IPAM maths (pkg/ipam/node.go and pkg/aws/eni in github.com/cilium/cilium, PR #44154) exactly: one m5.large in prefix mode, min-allocate
/// 45 or 200, first-interface-index 0 or 1, before and after #44154, run through the discrete-event engine.
/// "Syncs" are the instance syncs after each round (the node joins during the operator's first, blocking, full
/// resync, which caches it, so there is no upsert-time sync; §9 does not count that one either).
/// </summary>
public sealed class CiliumWorkedExampleTests
{
    [Theory]
    // §9.1: eth0 is a candidate with 144 free: one Assign of 3 prefixes, before and after the PR.
    [InlineData(45, 0, CiliumVersion.Pre44154, 1, 1, "AssignPrivateIpAddresses")]
    [InlineData(45, 0, CiliumVersion.Post44154, 1, 1, "AssignPrivateIpAddresses")]
    // §9.1, FII 1: before, the new ENI gets min(45, 9) = 9 IPs → 1 prefix, and an Assign of 2 more follows.
    [InlineData(45, 1, CiliumVersion.Pre44154, 4, 2, "CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute AssignPrivateIpAddresses")]
    [InlineData(45, 1, CiliumVersion.Post44154, 3, 1, "CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute")]
    // §9.2, FII 1: 2 Create, 2 Attach, 2 Modify, 2 Assign before; 2 ENIs of 9 and 4 prefixes after.
    [InlineData(200, 1, CiliumVersion.Pre44154, 8, 4,
        "CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute AssignPrivateIpAddresses " +
        "CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute AssignPrivateIpAddresses")]
    [InlineData(200, 1, CiliumVersion.Post44154, 6, 2,
        "CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute")]
    // §9.2, FII 0: Assign 9 prefixes on eth0, then a new ENI (1 prefix + Assign 3 before; 4 prefixes after).
    [InlineData(200, 0, CiliumVersion.Pre44154, 5, 3,
        "AssignPrivateIpAddresses CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute AssignPrivateIpAddresses")]
    [InlineData(200, 0, CiliumVersion.Post44154, 4, 2,
        "AssignPrivateIpAddresses CreateNetworkInterface AttachNetworkInterface ModifyNetworkInterfaceAttribute")]
    public void Worked_example_gives_the_references_mutations_and_syncs(int minAllocate, int firstInterfaceIndex, CiliumVersion version, int mutations, int syncs, string calls)
    {
        var result = PolicyRun.Execute(OneNode(minAllocate, firstInterfaceIndex), new CiliumOperator(version, releaseExcess: false), seed: 1);

        var node = Assert.Single(result.PerNode);
        Assert.Equal(calls, string.Join(" ", node.Actions));
        Assert.Equal(mutations, node.CriticalPathCalls + node.HousekeepingCalls);
        Assert.Equal(syncs, node.DescribeCalls); // the operator's first full resync cached the instance: no upsert-time sync
        Assert.Equal(minAllocate == 45 ? 48 : 208, node.Capacity);
        Assert.Equal(0, result.ThrottledResponses);
    }

    internal static Scenario OneNode(int minAllocate, int firstInterfaceIndex)
    {
        var spec = new NodeSpec { MinAllocate = minAllocate, FirstInterfaceIndex = firstInterfaceIndex, PrefixDelegation = PrefixDelegation.On };
        return new Scenario("one-node", "one m5.large", TimeSpan.FromMinutes(5), RegionLayout.For(1),
            ImmutableArray.Create(new NodePlan(0, "m5.large", spec, 0, TimeSpan.Zero, null, [])));
    }
}
