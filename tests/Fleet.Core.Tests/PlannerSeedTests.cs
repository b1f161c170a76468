using Fleet.Core.Planning;
using Fleet.Core.Targets;
using Fleet.Core.Throttling;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

/// <summary>The worked examples of the worked examples of Cilium's ENI IPAM maths (pkg/ipam/node.go and pkg/aws/eni in github.com/cilium/cilium, PR #44154), replayed through Fleet's planner.</summary>
public sealed class PlannerSeedTests
{
    [Fact]
    public void MinAllocate45_FirstInterfaceIndex0_is_one_assign_of_three_prefixes_on_eth0()
    {
        var result = DryRun.Run(Context(Fresh(), Prefix(minAllocate: 45)));

        var step = Assert.Single(result.Steps);
        var assign = Assert.IsType<AssignAddresses>(step.Action);
        Assert.Equal((AddressKind.Prefix, 3), (assign.Kind, assign.Count));
        Assert.Equal("eth0", step.EniLabel);
        Assert.Equal(48, step.AddressesAfter);
        Assert.Equal(1, result.LowerBound);
    }

    [Fact]
    public void MinAllocate45_FirstInterfaceIndex1_is_create_with_three_prefixes_and_attach_then_housekeeping()
    {
        var result = DryRun.Run(Context(Fresh(), Prefix(minAllocate: 45, fii: 1)));

        Assert.Equal(
            [Ec2Action.CreateNetworkInterface, Ec2Action.AttachNetworkInterface, Ec2Action.ModifyNetworkInterfaceAttribute],
            result.Steps.Select(s => s.Action.Call));
        var create = Assert.IsType<CreateInterface>(result.Steps[0].Action);
        Assert.Equal((AddressKind.Prefix, 3), (create.Kind, create.Count));
        Assert.Equal(1, Assert.IsType<AttachInterface>(result.Steps[1].Action).DeviceIndex);
        Assert.False(result.Steps[2].Action.IsCritical);
        Assert.Equal((2, 1, 2), (result.CriticalCalls, result.HousekeepingCalls, result.LowerBound));
        Assert.Equal(48, result.Final.Targets.Available);
    }

    [Fact]
    public void MinAllocate200_FirstInterfaceIndex1_meets_the_lower_bound_and_beats_Cilium_after_44154()
    {
        var result = DryRun.Run(Context(Fresh(), Prefix(minAllocate: 200, fii: 1)));

        Assert.Equal(4, result.LowerBound);
        Assert.Equal(4, result.CriticalCalls); // two creates, two attaches
        Assert.Equal(2, result.Steps.Count(s => s.Action.Call == Ec2Action.CreateNetworkInterface));
        Assert.True(result.Steps.Length <= 6, "all mutating calls together must not exceed Cilium's 6 after #44154");
        Assert.Equal([9, 4], result.Steps.Select(s => s.Action).OfType<CreateInterface>().Select(c => c.Count));
        Assert.Equal(208, result.Final.Targets.Available);
    }

    [Fact]
    public void MinAllocate200_FirstInterfaceIndex0_fills_eth0_then_one_new_eni()
    {
        var result = DryRun.Run(Context(Fresh(), Prefix(minAllocate: 200)));

        Assert.Equal(
            [Ec2Action.AssignPrivateIpAddresses, Ec2Action.CreateNetworkInterface, Ec2Action.AttachNetworkInterface],
            result.Steps.Where(s => s.Action.IsCritical).Select(s => s.Action.Call));
        Assert.Equal(9, Assert.IsType<AssignAddresses>(result.Steps[0].Action).Count);
        Assert.Equal(4, Assert.IsType<CreateInterface>(result.Steps[1].Action).Count);
        Assert.Equal((3, 3), (result.CriticalCalls, result.LowerBound)); // Cilium after #44154: 4 mutations
        Assert.Equal(208, result.Final.Targets.Available);
    }

    [Fact]
    public void Secondary_ip_mode_reaches_the_instance_maximum_of_27_in_five_calls()
    {
        var spec = new Model.NodeSpec { PrefixDelegation = Model.PrefixDelegation.Off, MinAllocate = 45 };
        var result = DryRun.Run(Context(Fresh(), spec));

        Assert.Equal(27, result.Final.Targets.Available);
        Assert.Equal((5, 5), (result.CriticalCalls, result.LowerBound)); // Cilium: 7 mutations (§9.1)
        Assert.Equal(PlanLimit.InstanceOutOfInterfaces, result.Final.Limit);
    }
}
