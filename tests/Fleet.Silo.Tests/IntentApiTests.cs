using System.Net;
using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Silo.Api;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary><c>PUT /api/v1/nodes/{instanceId}/intent</c>: accepted with the node's view, or refused as a problem changing nothing.</summary>
[Collection(SiloCollection.Name)]
public sealed class IntentApiTests(SiloFixture fixture)
{
    private const string UnknownButWellFormed = "i-0fedcba9876543210";
    private TestSilo Silo => fixture.Silo;

    [Fact]
    public async Task An_intent_for_a_running_instance_is_accepted_and_the_node_allocates_for_it_before_any_report()
    {
        var id = Silo.Launch(1)[0];

        var response = await Silo.PutJsonAsync($"/api/v1/nodes/{id}/intent", """{ "pods": 40 }""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<NodeView>(ApiJson.Options);
        Assert.Equal((id, 40), (view!.Allocation.InstanceId, view.IntendedPods));
        var ready = await Eventually.Until(() => Silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options),
            v => v!.Allocation.Available >= 48, $"{id} holds the 40 intended pods + 8 pre-allocated");
        Assert.Equal(0, ready!.Allocation.Used);
    }

    [Fact]
    public async Task An_intent_for_an_instance_EC2_does_not_know_is_unknown_instance_and_stores_nothing()
    {
        await (await Silo.PutJsonAsync($"/api/v1/nodes/{UnknownButWellFormed}/intent", """{"pods":10}""")).AssertProblemAsync(404, "unknown-instance");

        await (await Silo.Http.GetAsync($"/api/v1/nodes/{UnknownButWellFormed}")).AssertProblemAsync(404, "node-not-found");
    }

    [Fact]
    public async Task An_intent_for_a_terminated_instance_is_unknown_instance()
    {
        var id = Silo.Launch(1)[0];
        Silo.Region!.TerminateInstances(new TerminateInstancesRequest([id]));

        var problem = await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/intent", """{"pods":10}""")).AssertProblemAsync(404, "unknown-instance");
        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
    }

    [Theory]
    [InlineData("""{"pods":0}""")] // below 1
    [InlineData("""{"pods":-3}""")]
    [InlineData("""{"pods":100001}""")] // beyond any node
    [InlineData("""{}""")] // required
    public async Task Pods_out_of_range_are_a_validation_problem_naming_pods(string body)
    {
        var id = Silo.Launch(1)[0];

        var problem = await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/intent", body)).AssertProblemAsync(400, "validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty("pods", out _), $"errors name pods: {problem}");
    }

    [Fact]
    public async Task Pods_beyond_the_nodes_max_pods_are_out_of_range_and_change_nothing()
    {
        var id = Silo.Launch(1)[0];
        (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/spec", """{"maxPods":20}""")).EnsureSuccessStatusCode();

        var problem = await (await Silo.PutJsonAsync($"/api/v1/nodes/{id}/intent", """{"pods":30}""")).AssertProblemAsync(400, "intent-out-of-range");

        Assert.Contains("max-pods 20", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var view = await Silo.Http.GetAsync($"/api/v1/nodes/{id}");
        await view.AssertProblemAsync(404, "node-not-found"); // no demand, no intent: the node was left as it was
    }
}
