using CsCheck;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Core.Tests;

/// <summary>Properties of the planner over random instance types, specs, starting states and demands.</summary>
public sealed class PlannerProperties
{
    private static readonly InstanceTypeCatalog Catalog = InstanceTypeCatalog.Embedded;

    private static readonly Gen<NodeSpec> GenSpec =
        from fii in Gen.Int[0, 2]
        from pre in Gen.Int[0, 32]
        from min in Gen.OneOf(Gen.Const(0), Gen.Int[1, 700])
        from max in Gen.OneOf(Gen.Const(0), Gen.Int[1, 2000])
        from maw in Gen.OneOf(Gen.Const(0), Gen.Int[1, 64])
        from mode in Gen.OneOfConst(PrefixDelegation.Auto, PrefixDelegation.Off)
        from primary in Gen.Bool
        select new NodeSpec
        {
            FirstInterfaceIndex = fii, PreAllocate = pre, MinAllocate = min, MaxAllocate = max,
            MaxAboveWatermark = maw, PrefixDelegation = mode, UsePrimaryAddress = primary,
        };

    private static readonly Gen<Demand> GenDemand =
        from used in Gen.Int[0, 900]
        from pending in Gen.OneOf(Gen.Const(0), Gen.Int[1, 300])
        select new Demand(used, pending);

    // A starting state: a fresh node of a random type, grown by an earlier (random) demand.
    private static readonly Gen<(NodeState Node, NodeSpec Spec, Demand Demand)> GenCase =
        from typeIndex in Gen.Int[0, Catalog.Count - 1]
        from spec in GenSpec
        from earlier in GenDemand
        from demand in GenDemand
        let limits = Catalog.All[typeIndex]
        select (Grow(FreshNode.Create("i-0prop", limits), spec, earlier), spec, demand);

    [Fact]
    public void Every_planned_call_fits_the_slot_and_interface_limits() =>
        GenCase.Sample(c =>
        {
            var ec2 = new SyntheticEc2();
            var node = c.Node;
            foreach (var step in DryRun.Run(new PlanningContext(node, c.Spec, c.Demand)).Steps)
            {
                node = ec2.Apply(node, step.Action);
                AssertWithinLimits(node);
            }
        }, iter: 1000);

    [Fact]
    public void Plans_reach_the_reachable_target_in_exactly_the_lower_bounds_number_of_calls() =>
        GenCase.Sample(c =>
        {
            var start = new PlanningContext(c.Node, c.Spec, c.Demand);
            var result = DryRun.Run(start);

            Assert.True(result.LowerBound == result.CriticalCalls, string.Join("\n", c.Node.Enis.Select(e => $"{e.Id} dev {e.DeviceIndex} sec {e.SecondaryIps.Length} pfx {e.Prefixes.Length}").Concat(result.Steps.Select(s => s.Action.Describe() + " -> " + s.AddressesAfter))));
            var final = result.Final;
            if (final.Status == PlanStatus.TargetMet)
            {
                Assert.Equal(0, final.Targets.Needed);
            }
            else
            {
                // Short only when the instance is truly full (or the cap says so): no call could add anything.
                Assert.Equal(PlanStatus.Blocked, final.Status);
                Assert.Contains(final.Limit, new[] { PlanLimit.InstanceOutOfInterfaces, PlanLimit.MaxAllocate });
                Assert.Equal(0, LowerBound.CapacityCalls(start with { Node = Replay(start) }));
            }
        }, iter: 1000);

    [Fact]
    public void Lookahead_never_changes_the_number_of_calls_needed_and_never_passes_max_allocate() =>
        GenCase.Select(Gen.Int[0, 500]).Sample((c, lookahead) =>
        {
            var plain = new PlanningContext(c.Node, c.Spec, c.Demand);
            var ahead = plain with { Lookahead = lookahead };
            var outcome = Planner.Plan(ahead);
            Assert.Equal(Planner.Plan(plain).LowerBoundCalls, outcome.LowerBoundCalls);
            if (outcome.Action is AssignAddresses or CreateInterface)
            {
                var after = new SyntheticEc2().Apply(c.Node, outcome.Action);
                var targets = Targets.NodeTargets.Compute(after, c.Spec, c.Demand);
                Assert.True(targets.Available <= Math.Max(targets.MaxAllocate, outcome.Targets.Ceiling) + 15 + (c.Spec.UsePrimaryAddress ? 1 : 0),
                    $"{targets.Available} addresses after one call, max-allocate {targets.MaxAllocate}");
            }
        }, iter: 500);

    [Fact]
    public void Calls_never_bring_a_node_far_beyond_its_ceiling() =>
        GenCase.Sample(c =>
        {
            var start = NodeTargets.Compute(c.Node, c.Spec, c.Demand);
            var result = DryRun.Run(new PlanningContext(c.Node, c.Spec, c.Demand));
            var creates = result.Steps.Count(s => s.Action is CreateInterface);
            var added = result.Final.Targets.Available - start.Available;
            // Prefix rounding may overshoot by up to 15 addresses per call; primaries of new ENIs add one each.
            Assert.True(added <= Math.Max(start.Ceiling - start.Available, 0) + (15 * result.CriticalCalls) + creates,
                $"added {added} for ceiling {start.Ceiling} from {start.Available}");
        }, iter: 300);

    private static NodeState Grow(NodeState node, NodeSpec spec, Demand demand)
    {
        var ec2 = new SyntheticEc2("10.200.0.0");
        foreach (var step in DryRun.Run(new PlanningContext(node, spec, demand)).Steps)
        {
            node = ec2.Apply(node, step.Action);
        }

        return node;
    }

    private static NodeState Replay(PlanningContext start) => Grow(start.Node, start.Spec, start.Demand);

    private static void AssertWithinLimits(NodeState node)
    {
        var limits = node.Limits;
        foreach (var eni in node.Enis)
        {
            Assert.True(eni.UsedSlots <= limits.Ipv4PerInterface, $"{eni.Id} uses {eni.UsedSlots} of {limits.Ipv4PerInterface} slots");
        }

        var attached = node.Enis.Where(e => e.Attachment is not null).Select(e => e.Attachment!).ToList();
        Assert.True(node.Enis.Length <= limits.MaxInterfaces, $"{node.Enis.Length} ENIs on a {limits.InstanceType}");
        foreach (var card in attached.GroupBy(a => a.NetworkCard))
        {
            Assert.True(card.Count() <= limits.MaxInterfacesOnCard(card.Key));
            Assert.Equal(card.Count(), card.Select(a => a.DeviceIndex).Distinct().Count());
        }

        Assert.True(node.Enis.Count(e => e.Attachment is null) <= 1, "at most one ENI awaits its attach");
    }
}
