using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

public sealed class PlannerBehaviourTests
{
    [Fact]
    public void Created_but_unattached_eni_is_attached_before_anything_else()
    {
        var ec2 = new SyntheticEc2();
        var node = ec2.Apply(Fresh(), new CreateInterface("subnet-0node", AddressKind.Prefix, 2, []));

        var outcome = Planner.Plan(Context(node, Prefix(minAllocate: 200, fii: 1)));

        var attach = Assert.IsType<AttachInterface>(outcome.Action);
        Assert.Equal((1, 0), (attach.DeviceIndex, attach.NetworkCard));
    }

    [Fact]
    public void Call_is_sized_up_to_target_plus_max_above_watermark()
    {
        var outcome = Planner.Plan(Context(Fresh(), Prefix(minAllocate: 40, maw: 30)));

        // Target 40 → 3 prefixes would do; max-above-watermark lets the same call bring 70 → 5 prefixes.
        var assign = Assert.IsType<AssignAddresses>(outcome.Action);
        Assert.Equal(5, assign.Count);
        Assert.Equal(1, outcome.LowerBoundCalls);
    }

    [Fact]
    public void Pending_pods_raise_the_target_beyond_the_pre_allocation()
    {
        var outcome = Planner.Plan(Context(Fresh(), Prefix(), used: 0, pending: 60));

        Assert.Equal(60, outcome.Targets.Needed);
        Assert.Equal(4, Assert.IsType<AssignAddresses>(outcome.Action).Count);
    }

    [Fact]
    public void Growth_goes_to_the_eni_that_finishes_the_job_in_fewest_calls()
    {
        // eth0 holds 8 prefixes (1 slot free), eth1 holds 2 (7 free): 100 more addresses fit only on eth1 in one call.
        var ec2 = new SyntheticEc2();
        var node = ec2.Apply(Fresh(), new AssignAddresses(Fresh().Enis[0].Id, AddressKind.Prefix, 8));
        node = ec2.Apply(node, new CreateInterface("subnet-0node", AddressKind.Prefix, 2, []));
        node = ec2.Apply(node, new AttachInterface(node.Enis[^1].Id, 1, 0));
        var eth1 = node.Enis[^1].Id;

        var outcome = Planner.Plan(Context(node, Prefix(), used: 160, pending: 60));

        var assign = Assert.IsType<AssignAddresses>(outcome.Action);
        Assert.Equal(eth1, assign.EniId);
        Assert.Equal(1, outcome.LowerBoundCalls);
    }

    [Fact]
    public void Subnet_without_free_blocks_sends_new_eni_to_a_sibling_subnet_in_the_az()
    {
        var subnets = new SubnetView([Subnet("subnet-0node", freeAddresses: 200, freeBlocks: 0), Subnet("subnet-0other", 4000, 250)]);
        var outcome = Planner.Plan(Context(Fresh(), Prefix(minAllocate: 45, fii: 1), subnets: subnets));

        var create = Assert.IsType<CreateInterface>(outcome.Action);
        Assert.Equal(("subnet-0other", AddressKind.Prefix, 3), (create.SubnetId, create.Kind, create.Count));
    }

    [Theory]
    [InlineData(0)] // eth0 could grow, but its subnet is impaired
    [InlineData(1)] // a new ENI would go to the node's own subnet
    public void Impaired_subnet_sends_the_call_to_a_new_eni_in_a_healthy_sibling(int firstInterfaceIndex)
    {
        var subnets = new SubnetView([Subnet("subnet-0node", 4000, 250) with { Impaired = true }, Subnet("subnet-0other", 1000, 60)]);

        var outcome = Planner.Plan(Context(Fresh(), Prefix(minAllocate: 45, fii: firstInterfaceIndex), subnets: subnets));

        var create = Assert.IsType<CreateInterface>(outcome.Action);
        Assert.Equal(("subnet-0other", 3), (create.SubnetId, create.Count));
    }

    [Fact]
    public void Impaired_subnet_is_still_used_when_no_sibling_is_healthy()
    {
        var subnets = new SubnetView([Subnet("subnet-0node", 4000, 250) with { Impaired = true }, Subnet("subnet-0other", 4000, 250) with { Impaired = true }]);

        var outcome = Planner.Plan(Context(Fresh(), Prefix(minAllocate: 45), subnets: subnets));

        Assert.Equal(Fresh().Enis[0].Id, Assert.IsType<AssignAddresses>(outcome.Action).EniId);
    }

    [Fact]
    public void Subnet_without_free_blocks_uses_secondary_ips_for_that_call_only()
    {
        var fragmented = new SubnetView([Subnet("subnet-0node", freeAddresses: 200, freeBlocks: 0)]);
        var spec = Prefix(minAllocate: 20);

        var first = Planner.Plan(Context(Fresh(), spec, subnets: fragmented));
        var ips = Assert.IsType<AssignAddresses>(first.Action);
        Assert.Equal((AddressKind.Ip, 9), (ips.Kind, ips.Count));
        Assert.Equal(PlanLimit.None, first.Limit);

        // Once blocks are free again the same node goes back to prefixes: fallback is per call, not per node.
        var node = new SyntheticEc2().Apply(Fresh(), ips);
        var recovered = new SubnetView([Subnet("subnet-0node", freeAddresses: 2000, freeBlocks: 100)]);
        var next = Planner.Plan(Context(node, spec with { MinAllocate = 60 }, subnets: recovered));
        Assert.Equal(AddressKind.Prefix, Assert.IsType<CreateInterface>(next.Action).Kind);
        Assert.True(next.Targets.PrefixMode);
    }

    [Fact]
    public void Exhausted_subnets_block_the_node_with_a_reason_and_no_call()
    {
        var full = new SubnetView([Subnet("subnet-0node", 0, 0)]);
        var outcome = Planner.Plan(Context(Fresh(), Prefix(minAllocate: 45), subnets: full));

        Assert.Null(outcome.Action);
        Assert.Equal((PlanStatus.Blocked, PlanLimit.SubnetsExhausted), (outcome.Status, outcome.Limit));
        Assert.Equal(45, outcome.Shortfall);
    }

    [Fact]
    public void Instance_out_of_interfaces_is_blocked_without_a_call()
    {
        // t3.micro: 2 ENIs × 1 free slot → 2 prefixes, 32 addresses in all.
        var spec = Prefix(minAllocate: 32);
        var full = Replay(Fresh("t3.micro"), spec);
        Assert.Equal(32, NodeTargets.Compute(full, spec, default).Available);

        var outcome = Planner.Plan(Context(full, spec, used: 32, pending: 10));

        Assert.Null(outcome.Action);
        Assert.Equal((PlanStatus.Blocked, PlanLimit.InstanceOutOfInterfaces), (outcome.Status, outcome.Limit));
        Assert.Equal(10, outcome.Shortfall);
    }

    [Fact]
    public void Demand_beyond_a_configured_max_allocate_names_max_allocate()
    {
        var spec = Prefix() with { MaxAllocate = 64 };
        var outcome = Planner.Plan(Context(Replay(Fresh(), spec with { MinAllocate = 64 }), spec, used: 64, pending: 5));

        Assert.Equal(PlanLimit.MaxAllocate, outcome.Limit);
        Assert.Null(outcome.Action);
    }

    [Fact]
    public void Prefixes_demanded_on_a_xen_type_are_refused_with_a_reason()
    {
        var outcome = Planner.Plan(Context(Fresh("m4.large"), Prefix(minAllocate: 10)));

        Assert.Null(outcome.Action);
        Assert.Equal(PlanLimit.PrefixDelegationUnsupported, outcome.Limit);
        Assert.Contains("m4.large", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_mode_uses_secondary_ips_on_xen_types()
    {
        var outcome = Planner.Plan(Context(Fresh("m4.large"), new NodeSpec { MinAllocate = 10 }));

        Assert.Equal(AddressKind.Ip, Assert.IsType<AssignAddresses>(outcome.Action).Kind);
    }

    [Fact]
    public void Spec_subnet_ids_take_precedence_over_the_node_subnet()
    {
        var subnets = new SubnetView([Subnet("subnet-0node", 4000, 250), Subnet("subnet-0pods", 100, 5), Subnet("subnet-0big", 9000, 500)]);
        var spec = Prefix(minAllocate: 20, fii: 1) with { SubnetIds = ["subnet-0pods"] };

        var create = Assert.IsType<CreateInterface>(Planner.Plan(Context(Fresh(), spec, subnets: subnets)).Action);
        Assert.Equal("subnet-0pods", create.SubnetId);
    }

    [Fact]
    public void Spec_subnet_tags_choose_the_tagged_subnet_with_most_room()
    {
        var tag = ImmutableDictionary<string, string>.Empty.Add("pods", "yes");
        var subnets = new SubnetView([
            Subnet("subnet-0node", 9000, 500),
            Subnet("subnet-0a", 100, 5) with { Tags = tag },
            Subnet("subnet-0b", 900, 50) with { Tags = tag },
            Subnet("subnet-0c", 9000, 500, az: "us-east-1b") with { Tags = tag },
        ]);
        var spec = Prefix(minAllocate: 20, fii: 1) with { SubnetTags = tag };

        var create = Assert.IsType<CreateInterface>(Planner.Plan(Context(Fresh(), spec, subnets: subnets)).Action);
        Assert.Equal("subnet-0b", create.SubnetId);
    }

    [Fact]
    public void New_eni_inherits_eth0_security_groups_unless_the_spec_names_some()
    {
        var inherited = Assert.IsType<CreateInterface>(Planner.Plan(Context(Fresh(), Prefix(minAllocate: 20, fii: 1))).Action);
        Assert.Equal(["sg-0default"], inherited.SecurityGroups.ToArray());

        var named = Assert.IsType<CreateInterface>(Planner.Plan(Context(Fresh(), Prefix(minAllocate: 20, fii: 1) with { SecurityGroups = ["sg-0pods"] })).Action);
        Assert.Equal(["sg-0pods"], named.SecurityGroups.ToArray());
    }

    [Fact]
    public void Delete_on_termination_is_only_set_on_enis_fleet_created_for_the_node()
    {
        var ec2 = new SyntheticEc2();
        var foreign = new Eni("eni-0foreign", "subnet-0node", "10.0.9.9", [], [], [], ImmutableDictionary<string, string>.Empty,
            new EniAttachment("eni-attach-f", 1, 0, false));
        var node = Fresh().WithEni(foreign);

        Assert.Null(Planner.PlanHousekeeping(Context(node, Prefix())));
        Assert.Null(Planner.PlanHousekeeping(Context(node, Prefix() with { DeleteOnTermination = false })));
        node = ec2.Apply(node, new CreateInterface("subnet-0node", AddressKind.Prefix, 1, []));
        node = ec2.Apply(node, new AttachInterface(node.Enis[^1].Id, 2, 0));
        Assert.Equal(node.Enis[^1].Id, Assert.IsType<SetDeleteOnTermination>(Planner.PlanHousekeeping(Context(node, Prefix()))).EniId);
    }

    private static NodeState Replay(NodeState node, NodeSpec spec)
    {
        var ec2 = new SyntheticEc2();
        foreach (var step in DryRun.Run(Context(node, spec)).Steps)
        {
            node = ec2.Apply(node, step.Action);
        }

        return node;
    }
}
