using System.Collections.Immutable;
using Fleet.Core.Model;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// waves: what a node group's history buys. Three node groups — m5.large running 20–40 pods, m5.2xlarge 90–110,
/// c5.xlarge 50–58 (uniform per node), max-pods 110 each, prefix mode, each group named by its instance type (the
/// spec's default) — scale out three times, 20 min apart: each wave adds N/9 nodes per group, joining uniformly
/// within 60 s; each node's pods arrive uniformly over the 5 min after its join, hold 10 min, then the node is
/// terminated. Wave 1 meets groups with no history; waves 2 and 3 meet the peaks of the waves before. Excess is
/// released (Cilium: <c>--aws-release-excess-ips</c>), so what a prior over-reserved can be given back.
/// </summary>
internal static class WavesScenario
{
    /// <summary>Nodes by default: 100 per group per wave.</summary>
    public const int DefaultNodes = 900;

    private const int Waves = 3;
    private static readonly TimeSpan WaveEvery = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan JoinWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Ramp = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(10);

    /// <summary>The groups: instance type and the range of pods (inclusive) its nodes run.</summary>
    private static readonly (string Type, int Min, int Max)[] Groups = [("m5.large", 20, 40), ("m5.2xlarge", 90, 110), ("c5.xlarge", 50, 58)];

    /// <summary>Builds the scenario with <paramref name="count"/> nodes in all (at least one per group and wave).</summary>
    public static Scenario Build(Random random, int count)
    {
        var perGroup = Math.Max(count / (Waves * Groups.Length), 1);
        var spec = new NodeSpec { PrefixDelegation = PrefixDelegation.On, MaxPods = ScenarioLibrary.EksMaxPods };
        var layout = RegionLayout.For(perGroup * Groups.Length * Waves);
        var plans = new List<(string Type, int Wave, TimeSpan Join, int Pods)>();
        for (var wave = 0; wave < Waves; wave++)
        {
            foreach (var (type, min, max) in Groups)
            {
                for (var i = 0; i < perGroup; i++)
                {
                    plans.Add((type, wave, (WaveEvery * wave) + (JoinWithin * random.NextDouble()), random.Next(min, max + 1)));
                }
            }
        }

        var nodes = plans
            .OrderBy(p => p.Join)
            .Select((p, i) => new NodePlan(i, p.Type, spec, i % layout.NodeSubnets(), p.Join, p.Join + Ramp + Hold,
                PodSchedules.Freeze(PodSchedules.Ramp(random, p.Join, Ramp, p.Pods)), p.Wave))
            .ToImmutableArray();
        return new Scenario(
            "waves",
            $"three node groups (m5.large 20–40 pods, m5.2xlarge 90–110, c5.xlarge 50–58; max-pods 110) scale out by {perGroup} nodes each, "
                + "three times 20 min apart; pods ramp over 5 min, hold 10 min, then the wave's nodes go",
            WaveEvery * Waves,
            layout,
            nodes,
            ReleaseExcess: true,
            Cohorts: ["wave 1", "wave 2", "wave 3"]);
    }
}
