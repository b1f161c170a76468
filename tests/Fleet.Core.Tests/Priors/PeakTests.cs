using Fleet.Core.Model;
using Fleet.Core.Node;
using Fleet.Core.Priors;
using Fleet.Core.Tests.NodeLoop;
using Fleet.Core.Throttling;

namespace Fleet.Core.Tests.Priors;

/// <summary>A node's own peak: recorded in its group's history once its demand plateaus; then the prior is done with it.</summary>
public sealed class PeakTests
{
    private static readonly string[] Prefixes = ["10.0.1.0/28", "10.0.1.16/28", "10.0.1.32/28", "10.0.1.48/28"];

    private static RecordPeak[] Recorded(IEnumerable<NodeEffect> effects) => [.. effects.OfType<RecordPeak>()];

    [Fact]
    public void A_peak_is_recorded_once_demand_has_not_risen_for_the_plateau()
    {
        var node = new LoopHarness();
        node.Start(5);
        var start = node.Now;
        node.Report(12);

        node.Now = start + node.Options.Prior.PlateauAfter - TimeSpan.FromSeconds(1);
        Assert.Empty(Recorded(node.Step(Ticked.Instance))); // still within the plateau since 12 was first seen
        node.Now = start + node.Options.Prior.PlateauAfter;
        var recorded = Assert.Single(Recorded(node.Step(Ticked.Instance)));

        Assert.Equal(("fleet/m5.large", 12, (PeakSample?)null), (recorded.GroupKey, recorded.Peak.Pods, recorded.Replacing));
        Assert.False(node.Memory.Peak.Young);
    }

    [Fact]
    public void A_node_waiting_for_its_plateau_keeps_its_tick()
    {
        var node = new LoopHarness();
        node.Start(5);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned(["10.0.1.0/28"], [])); // at its target: only the plateau keeps the node ticking

        Assert.True(node.Memory.Loop.Ticking);
        node.Now += node.Options.Prior.PlateauAfter;
        var effects = node.Step(Ticked.Instance);

        Assert.Single(Recorded(effects));
        Assert.Contains(new SetTicking(false), effects);
    }

    [Fact]
    public void A_peak_that_rises_later_replaces_the_one_recorded()
    {
        var node = new LoopHarness();
        node.Start(10);
        node.Now += node.Options.Prior.PlateauAfter;
        var first = Assert.Single(Recorded(node.Step(Ticked.Instance))).Peak;

        node.Report(30);
        node.Report(20); // a fall is no new peak
        node.Now += node.Options.Prior.PlateauAfter;
        var second = Assert.Single(Recorded(node.Step(Ticked.Instance)));

        Assert.Equal((30, (PeakSample?)first), (second.Peak.Pods, second.Replacing));
    }

    [Fact]
    public void After_its_peak_a_node_is_sized_by_its_own_demand_again()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = 110 });
        node.Start(2);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned([.. Prefixes], []));
        node.Now += node.Options.Prior.PlateauAfter;
        node.Step(Ticked.Instance);

        node.Report(60); // 68 needed, 64 held
        var call = node.Grant(2, Ec2Action.AssignPrivateIpAddresses).Single<CallEc2>();

        Assert.Equal(1, Assert.IsType<Planning.AssignAddresses>(call.Action).Count); // not the max-pods prior's 3 more
    }

    [Fact]
    public void What_a_prior_reserved_is_not_proposed_for_release_until_the_peak_shows()
    {
        var node = new LoopHarness(new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = 110 });
        node.Start(2);
        node.Grant(1, Ec2Action.AssignPrivateIpAddresses);
        node.Answer(new AddressesAssigned([.. Prefixes], [])); // 64 held for the pods the prior expects

        node.Report(2, inUse: ["10.0.1.1", "10.0.1.2"]);
        Assert.Null(node.Memory.Release);

        node.Now += node.Options.Prior.PlateauAfter; // demand stayed at 2: the plateau shows what is unused
        node.Step(Ticked.Instance);

        Assert.Equal(["10.0.1.48/28", "10.0.1.32/28", "10.0.1.16/28"], node.Memory.Release!.Addresses.Prefixes.ToArray());
    }

    [Fact]
    public void A_terminated_node_records_its_peak_without_waiting_for_a_plateau()
    {
        var node = new LoopHarness();
        node.Start(17);

        var effects = node.Step(new InstanceDescribed(InstanceLookup.Terminated, LoopHarness.Facts, State: "terminated"));

        Assert.Equal(17, Assert.Single(Recorded(effects)).Peak.Pods);
    }
}
