using BenchmarkDotNet.Attributes;
using Fleet.Core.Planning;

namespace Fleet.Benchmarks;

/// <summary>
/// Plans per second over a 10,000-node fleet snapshot: one <see cref="Planner.Plan"/> per node per operation.
/// Plans per second = 10,000 / (mean time per operation).
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private PlanningContext[] _fleet = [];

    [Params(10_000)]
    public int Nodes { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = FleetSnapshot.Build(Nodes);

    [Benchmark(Description = "Planner.Plan for every node of the fleet")]
    public int PlanFleet()
    {
        var acting = 0;
        foreach (var context in _fleet)
        {
            acting += Planner.Plan(context).Action is null ? 0 : 1;
        }

        return acting;
    }

    [Benchmark(Description = "LowerBound.CapacityCalls for every node of the fleet")]
    public int LowerBoundFleet()
    {
        var calls = 0;
        foreach (var context in _fleet)
        {
            calls += LowerBound.CapacityCalls(context);
        }

        return calls;
    }
}
