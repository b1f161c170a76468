using System.Collections.Immutable;

namespace Fleet.Simulation.Scenarios;

/// <summary>Variations of a built scenario that every policy then faces alike (<c>fleet bench --first-interface-index</c>).</summary>
public static class ScenarioVariants
{
    /// <summary>
    /// Every node's spec with <paramref name="index"/> as its first-interface-index: with 1, eth0 is kept for the host, so
    /// every node's pods need a new ENI — the seed's case (Cilium PR #44154) at fleet scale. Throws
    /// <see cref="ArgumentException"/> naming the option when out of range.
    /// </summary>
    public static Scenario WithFirstInterfaceIndex(Scenario scenario, int index)
    {
        if (index is < 0 or > Core.Node.SpecValidator.MaxFirstInterfaceIndex)
        {
            throw new ArgumentException($"--first-interface-index must be between 0 and {Core.Node.SpecValidator.MaxFirstInterfaceIndex}; it is {index}.", nameof(index));
        }

        if (scenario.Nodes.All(n => n.Spec.FirstInterfaceIndex == index))
        {
            return scenario;
        }

        ImmutableArray<NodePlan> nodes = [.. scenario.Nodes.Select(n => n with { Spec = n.Spec with { FirstInterfaceIndex = index } })];
        return scenario with { Nodes = nodes, Covers = $"{scenario.Covers}; first-interface-index {index}" };
    }
}
