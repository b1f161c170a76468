using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;

namespace Fleet.Benchmarks;

/// <summary>
/// A seeded snapshot of a fleet: nodes of common types, each grown by an earlier demand and now facing a new one,
/// so the planner sees every situation it meets in production (short, met, full, fresh).
/// </summary>
public static class FleetSnapshot
{
    private static readonly string[] Types = ["m5.large", "m5.xlarge", "m5.4xlarge", "c5.2xlarge", "r5.large", "m6i.large", "t3.medium", "m5.24xlarge"];

    public static PlanningContext[] Build(int nodes, int seed = 42)
    {
        var random = new Random(seed);
        var contexts = new PlanningContext[nodes];
        for (var i = 0; i < nodes; i++)
        {
            var limits = InstanceTypeCatalog.Embedded.Get(Types[random.Next(Types.Length)]);
            var spec = new NodeSpec { FirstInterfaceIndex = random.Next(2), MaxAboveWatermark = random.Next(2) * 16 };
            var node = FreshNode.Create($"i-{i:x17}", limits);
            var ec2 = new SyntheticEc2();
            foreach (var step in DryRun.Run(new PlanningContext(node, spec, new Demand(random.Next(0, 120)))).Steps)
            {
                node = ec2.Apply(node, step.Action);
            }

            contexts[i] = new PlanningContext(node, spec, new Demand(random.Next(0, 200), random.Next(0, 30)));
        }

        return contexts;
    }
}
