using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Tests;

public sealed class ScenarioLibraryTests
{
    [Fact]
    public void Unknown_scenario_is_refused_naming_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ScenarioLibrary.Build("stampede"));

        Assert.Contains("burst", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seed", 2)]
    [InlineData("burst", 1000)]
    [InlineData("scale-in", 200)]
    public void Scenario_defaults_to_its_documented_node_count(string name, int nodes) =>
        Assert.Equal(nodes, ScenarioLibrary.Build(name).Nodes.Length);

    [Fact]
    public void Churn_replaces_a_fifth_of_the_nodes()
    {
        var churn = ScenarioLibrary.Build("churn", nodes: 100);

        Assert.Equal(20, churn.Nodes.Count(n => n.LeaveAt is not null));
        Assert.Equal(120, churn.Nodes.Length);
    }
}
