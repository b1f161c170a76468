using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Core.Tests.Priors;

/// <summary>A node never holds more than max-pods + pre-allocate (whole prefixes) unless min-allocate says so.</summary>
public sealed class MaxPodsCapTests
{
    [Theory]
    [InlineData(0, 8, 0, true, null)]   // unknown max-pods: no cap
    [InlineData(20, 8, 0, true, 32)]    // 28 → two whole prefixes
    [InlineData(110, 8, 0, true, 128)]  // 118 → eight prefixes
    [InlineData(110, 0, 0, true, 128)]  // pre-allocate 0 means 8, as in Cilium
    [InlineData(20, 8, 0, false, 28)]   // secondary IPs: exactly
    [InlineData(20, 8, 100, true, 100)] // min-allocate says more
    public void The_cap(int maxPods, int preAllocate, int minAllocate, bool prefixes, int? cap)
    {
        var spec = new NodeSpec { MaxPods = maxPods, PreAllocate = preAllocate, MinAllocate = minAllocate };

        Assert.Equal(cap, NodeTargets.MaxPodsCap(spec, prefixes));
    }

    [Fact]
    public void A_20_pod_node_never_holds_100_addresses_however_far_a_call_looks()
    {
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = 20 };
        var context = TestNodes.Context(TestNodes.Fresh(), spec, used: 10) with { Lookahead = 90, Prior = 200 };

        var plan = Planner.Plan(context);

        Assert.Equal(2, Assert.IsType<AssignAddresses>(plan.Action).Count); // 32 addresses, not 112
        Assert.True(plan.Targets.CappedByMaxPods);
    }

    [Fact]
    public void Demand_beyond_max_pods_is_explained_as_such()
    {
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = 20 };
        var held = TestNodes.Fresh() is var node ? node with { Enis = [node.Enis[0] with { Prefixes = ["10.0.1.0/28", "10.0.1.16/28"] }] } : null!;

        var plan = Planner.Plan(TestNodes.Context(held, spec, used: 40)); // the kubelet admits 20

        Assert.Equal(PlanStatus.Blocked, plan.Status);
        Assert.Contains("max-pods", plan.Detail, StringComparison.Ordinal);
    }
}
