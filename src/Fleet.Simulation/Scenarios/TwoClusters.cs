using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// two-clusters — Covers: one Fleet serving two Kubernetes clusters of one AWS account, whose EC2 buckets they share
/// (Karpenter's documentation warns that clusters in one account compete for the same API limits). Scenario: cluster
/// <see cref="Bursting"/> scales out <c>N</c> m5.large nodes (a burst: they join within 60 s, each ramping to 110 pods
/// over 5 min) while cluster <see cref="Churning"/>, <c>N/5</c> nodes that joined 5 min earlier, churns: its pods
/// (30–110 per node) live 15 min on average and are replaced after 30 s, and a fifth of its nodes are replaced during
/// the burst, each replacement receiving its predecessor's pods within 10 s (rescheduled at once, as Kubernetes does
/// when a node is drained). Both clusters weigh 1, prefix mode, EC2's default buckets, 20 min.
/// </summary>
public static class TwoClusters
{
    /// <summary>The scenario's name.</summary>
    public const string Name = "two-clusters";

    /// <summary>The cluster that bursts.</summary>
    public const string Bursting = "a";

    /// <summary>The cluster that churns meanwhile.</summary>
    public const string Churning = "b";

    /// <summary>When the burst starts, scenario time: the churning cluster is up and steady by then.</summary>
    public static readonly TimeSpan BurstAt = TimeSpan.FromMinutes(5);

    /// <summary>Builds the scenario: <paramref name="count"/> bursting nodes, a fifth as many churning ones.</summary>
    public static Scenario Build(Random random, int count)
    {
        var duration = TimeSpan.FromMinutes(20);
        var churning = Math.Max(count / 5, 1);
        var replacements = Math.Max(churning / 5, 1);
        var layout = RegionLayout.For(count + churning + replacements);
        var subnets = layout.NodeSubnets();
        var plans = new List<(string Cluster, TimeSpan Join, TimeSpan? Leave, ImmutableArray<PodEvent> Pods)>();

        // The churning cluster: up since the start, steady by the burst; its replacements come during the burst.
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On };
        var churners = Enumerable.Range(0, churning)
            .Select(_ => (Join: TimeSpan.FromMinutes(2) * random.NextDouble(), Target: random.Next(30, 111), Leave: (TimeSpan?)null))
            .ToList();
        for (var r = 0; r < replacements; r++)
        {
            var victim = random.Next(churning);
            while (churners[victim].Leave is not null)
            {
                victim = (victim + 1) % churning;
            }

            var leave = BurstAt + (TimeSpan.FromMinutes(4) * random.NextDouble());
            churners[victim] = churners[victim] with { Leave = leave };
            var join = leave + TimeSpan.FromSeconds(30);
            plans.Add((Churning, join, null, Steady(random, join, TimeSpan.FromSeconds(10), churners[victim].Target, duration)));
        }

        plans.AddRange(churners.Select(c => (Churning, c.Join, c.Leave, Steady(random, c.Join, TimeSpan.FromMinutes(5), c.Target, c.Leave ?? duration))));

        // The bursting cluster.
        for (var i = 0; i < count; i++)
        {
            var join = BurstAt + (TimeSpan.FromSeconds(60) * random.NextDouble());
            plans.Add((Bursting, join, null, PodSchedules.Freeze(PodSchedules.Ramp(random, join, TimeSpan.FromMinutes(5), 110))));
        }

        var nodes = plans
            .OrderBy(p => p.Join).ThenBy(p => p.Cluster, StringComparer.Ordinal)
            .Select((p, i) => new NodePlan(i, "m5.large", spec with { Cluster = p.Cluster }, i % subnets, p.Join, p.Leave, p.Pods))
            .ToImmutableArray();
        return new Scenario(Name,
            $"cluster {Bursting} bursts {count} m5.large nodes (110 pods each over 5 min) while cluster {Churning} ({churning} nodes) churns in the same account",
            duration, layout, nodes)
        {
            ClusterWeights = ImmutableDictionary<string, double>.Empty.Add(Bursting, 1).Add(Churning, 1),
        };
    }

    private static ImmutableArray<PodEvent> Steady(Random random, TimeSpan join, TimeSpan ramp, int target, TimeSpan end) =>
        PodSchedules.Freeze(PodSchedules.Steady(random, join, ramp, target, TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(30), end));
}
