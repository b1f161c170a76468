using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// A silo serving two clusters (<c>Fleet:Cluster:Name=prod</c>, tokens for <c>prod</c> and <c>staging</c>, and the
/// fleet-wide <c>Fleet:Http:BearerToken</c>): a cluster's token acts for its cluster only.
/// </summary>
public sealed class ClusterTokenTests : IAsyncLifetime
{
    private const string Admin = "admin-token-0123456789abcdef";
    private const string Prod = "prod-token-0123456789abcdef";
    private const string Staging = "staging-token-0123456789abcdef";
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync($"Fleet:Http:BearerToken={Admin}", "Fleet:Cluster:Name=prod",
        $"Fleet:Http:ClusterTokens:prod={Prod}", $"Fleet:Http:ClusterTokens:staging={Staging}");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task A_node_reported_with_a_clusters_token_becomes_that_clusters_and_the_default_cluster_is_Fleet_Cluster_Name()
    {
        var ids = _silo.Launch(2);
        using var staging = Client(Staging);
        Assert.Equal(HttpStatusCode.OK, (await staging.PutAsync($"/api/v1/nodes/{ids[0]}/demand", Json("""{"used":3}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _silo.PutJsonAsync($"/api/v1/nodes/{ids[1]}/demand", """{"used":3}""")).StatusCode);

        Assert.Equal("staging", (await _silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{ids[0]}", ApiJson.Options))!.Cluster);
        Assert.Equal("prod", (await _silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{ids[1]}", ApiJson.Options))!.Cluster);
        var both = await Eventually.Until(async () => await _silo.Http.GetFromJsonAsync<NodeSummary[]>($"/api/v1/nodes?cluster=prod,staging", ApiJson.Options),
            lines => lines!.Count(l => ids.Contains(l.InstanceId)) == 2, "both nodes listed with their clusters");
        Assert.Equal(["staging", "prod"], ids.Select(id => both!.Single(l => l.InstanceId == id).Cluster));
    }

    [Fact]
    public async Task A_clusters_token_is_refused_the_fleet_wide_views_with_a_403_problem()
    {
        using var prod = Client(Prod);
        foreach (var path in new[] { "/metrics", "/dashboard/", "/api/v1/ec2/trail" })
        {
            await (await prod.GetAsync(path)).AssertProblemAsync(403, "fleet-wide");
        }

        Assert.Equal(HttpStatusCode.OK, (await prod.GetAsync("/api/v1/throttle")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _silo.Http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Another_clusters_spec_is_a_403_problem_and_the_node_keeps_its_spec()
    {
        var id = _silo.Launch(1)[0];
        using var prod = Client(Prod);
        using var staging = Client(Staging);
        Assert.Equal(HttpStatusCode.OK, (await prod.PutAsync($"/api/v1/nodes/{id}/demand", Json("""{"used":3}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await prod.PutAsync($"/api/v1/nodes/{id}/spec", Json("""{"preAllocate":4}"""))).StatusCode);

        var problem = await (await staging.PutAsync($"/api/v1/nodes/{id}/spec", Json("""{"preAllocate":32}"""))).AssertProblemAsync(403, "other-cluster");

        Assert.Equal(id, problem.GetProperty("instanceId").GetString());
        var view = (await _silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options))!;
        Assert.Equal(("prod", 4), (view.Cluster, view.Spec.PreAllocate));
    }

    private HttpClient Client(string token) => new()
    {
        BaseAddress = _silo.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
