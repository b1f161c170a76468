using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// The scenarios of issue 6, as data. Each is generated from a seed and a node count; every constant carries its
/// unit. Covers / Scenario headers are in BENCHMARKS.md.
/// </summary>
public static class ScenarioLibrary
{
    /// <summary>
    /// The kubelet's max-pods that EKS sets on an instance type with fewer than 30 vCPUs in prefix mode (awslabs/amazon-eks-ami,
    /// <c>max-pods-calculator.sh</c>: 110 below 30 vCPUs), carried by the nodes of <c>burst</c> and the scenarios built on it.
    /// </summary>
    public const int EksMaxPods = 110;

    /// <summary>Every scenario name, in the order the documentation lists them.</summary>
    public static ImmutableArray<string> Names { get; } = ["seed", "burst", "churn", "scale-in", "noisy-neighbour", "fragmented-subnet", "silo-loss", "waves", TwoClusters.Name];

    /// <summary>The default node count of a scenario (seed always has its two nodes).</summary>
    public static int DefaultNodes(string name) => name switch
    {
        "seed" => 2,
        "burst" => 1000,
        "churn" => 1000,
        "scale-in" => 200,
        "noisy-neighbour" => 200,
        "fragmented-subnet" => 100,
        "silo-loss" => 200,
        "waves" => WavesScenario.DefaultNodes,
        TwoClusters.Name => 1000,
        _ => throw new ArgumentException($"Unknown scenario '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Builds a scenario; throws <see cref="ArgumentException"/> naming the problem for an unknown name or a bad count.</summary>
    public static Scenario Build(string name, int? nodes = null, int seed = 1)
    {
        var count = nodes ?? DefaultNodes(name);
        if (count < 1 || count > 100_000)
        {
            throw new ArgumentException($"--nodes must be between 1 and 100,000; it is {count}.", nameof(nodes));
        }

        var random = new Random(seed);
        return name switch
        {
            "seed" => Seed(),
            "burst" => Burst(random, count) with { },
            "churn" => Churn(random, count),
            "scale-in" => ScaleIn(random, count),
            "noisy-neighbour" => Burst(random, count) with
            {
                Name = "noisy-neighbour",
                Covers = "a burst while another client spends half of the Assign and Create refill (2.5 calls/s each) from the same buckets",
                Duration = TimeSpan.FromHours(1),
                Neighbour = new NeighbourLoad(PerSecond: 2.5),
            },
            "fragmented-subnet" => Fragmented(random, count),
            "waves" => WavesScenario.Build(random, count),
            TwoClusters.Name => TwoClusters.Build(random, count),
            "silo-loss" => Burst(random, count) with
            {
                Name = "silo-loss",
                Covers = "a burst during which one of two silos dies, 90 s in: every node has joined and is ramping (live engine only)",
                LiveOnly = true,
                SiloDiesAt = TimeSpan.FromSeconds(90),
            },
            _ => throw new ArgumentException($"Unknown scenario '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>seed: one m5.large per first-interface-index (0 and 1), prefix mode, min-allocate 45, no pods: Cilium PR #44154's case.</summary>
    private static Scenario Seed()
    {
        var spec = new NodeSpec { MinAllocate = 45, PrefixDelegation = PrefixDelegation.On };
        var layout = RegionLayout.For(2);
        return new Scenario(
            "seed",
            "one m5.large in prefix mode asking for 45 addresses (min-allocate 45), with first-interface-index 0 and 1",
            TimeSpan.FromMinutes(5),
            layout,
            [
                new NodePlan(0, "m5.large", spec, 0, TimeSpan.Zero, null, []),
                new NodePlan(1, "m5.large", spec with { FirstInterfaceIndex = 1 }, 1, TimeSpan.Zero, null, []),
            ]);
    }

    /// <summary>burst: nodes join uniformly within 60 s; each ramps to 110 pods, arriving uniformly over 5 min.</summary>
    private static Scenario Burst(Random random, int count)
    {
        var join = TimeSpan.FromSeconds(60);
        var ramp = TimeSpan.FromMinutes(5);
        const int Pods = 110;
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = EksMaxPods };
        var layout = RegionLayout.For(count);
        var nodes = Enumerable.Range(0, count)
            .Select(_ => join * random.NextDouble())
            .Order()
            .Select((at, i) => new NodePlan(i, "m5.large", spec, i % layout.NodeSubnets(), at, null,
                PodSchedules.Freeze(PodSchedules.Ramp(random, at, ramp, Pods))))
            .ToImmutableArray();
        return new Scenario("burst", $"{count} m5.large nodes join within 60 s, each ramping to {Pods} pods over 5 min (prefix mode)",
            TimeSpan.FromHours(2), layout, nodes);
    }

    /// <summary>
    /// churn: nodes join within 2 min and keep 30–110 pods (uniform per node) that live 15 min on average and are
    /// replaced after 30 s on average; a fifth of the nodes are terminated between 10 and 50 min, each replaced 30 s later.
    /// </summary>
    private static Scenario Churn(Random random, int count)
    {
        var duration = TimeSpan.FromHours(1);
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = EksMaxPods };
        var replacements = count / 5;
        var layout = RegionLayout.For(count + replacements);
        var plans = new List<(string Type, TimeSpan Join, TimeSpan? Leave, int Target)>();
        for (var i = 0; i < count; i++)
        {
            plans.Add(("m5.large", TimeSpan.FromMinutes(2) * random.NextDouble(), null, random.Next(30, 111)));
        }

        for (var r = 0; r < replacements; r++)
        {
            var victim = random.Next(count);
            while (plans[victim].Leave is not null)
            {
                victim = (victim + 1) % count;
            }

            var leave = TimeSpan.FromMinutes(10 + (40 * random.NextDouble()));
            plans[victim] = plans[victim] with { Leave = leave };
            plans.Add(("m5.large", leave + TimeSpan.FromSeconds(30), null, random.Next(30, 111)));
        }

        var nodes = plans
            .OrderBy(p => p.Join)
            .Select((p, i) => new NodePlan(i, p.Type, spec, i % layout.NodeSubnets(), p.Join, p.Leave,
                PodSchedules.Freeze(PodSchedules.Steady(random, p.Join, TimeSpan.FromMinutes(5), p.Target,
                    TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), p.Leave ?? duration))))
            .ToImmutableArray();
        return new Scenario("churn", "nodes and pods come and go: pods live 15 min on average, a fifth of the nodes are replaced", duration, layout, nodes);
    }

    /// <summary>scale-in: a burst to 110 pods, a plateau until 20 min, then 80 pods leave over 5 min; excess is released.</summary>
    private static Scenario ScaleIn(Random random, int count)
    {
        var burst = Burst(random, count);
        var nodes = burst.Nodes
            .Select(n => n with { Pods = PodSchedules.Freeze(n.Pods.Concat(PodSchedules.Drain(random, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(5), 80))) })
            .ToImmutableArray();
        return burst with
        {
            Name = "scale-in",
            Covers = "demand falls from 110 to 30 pods per node after 20 min; excess prefixes are released (after the agent's handshake and 180 s)",
            Duration = TimeSpan.FromMinutes(45),
            Nodes = nodes,
            ReleaseExcess = true,
        };
    }

    /// <summary>
    /// fragmented-subnet: /20 subnets of which 60 % of the addresses are taken at random before the run (so free
    /// addresses abound but almost no /28 block is whole); 10 nodes per subnet ramp to 110 pods.
    /// </summary>
    private static Scenario Fragmented(Random random, int count)
    {
        var burst = Burst(random, count);
        var layout = RegionLayout.For(count, prefixLength: 20, nodesPerSubnet: 10);
        var nodes = burst.Nodes.Select(n => n with { Subnet = n.Index % layout.NodeSubnets() }).ToImmutableArray();
        return burst with
        {
            Name = "fragmented-subnet",
            Covers = "free addresses but few free /28 blocks: /20 subnets 60 % taken at random before the run",
            Duration = TimeSpan.FromHours(1),
            Layout = layout,
            Nodes = nodes,
            FragmentedFill = 0.6,
        };
    }
}
