using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Silo.Api;
using Fleet.Testing;

namespace Fleet.Reliability.Tests.Security;

/// <summary>
/// One Fleet, two clusters (<c>a</c> and <c>b</c>, each with its own bearer token): each cluster's agent claims its two
/// nodes, then turns against the other cluster's, holding its instance ids. Every cross-cluster request — demand reports,
/// specs, provisioner intents, reads, listings, through the HTTP API and through an Orleans client that states its cluster — is refused
/// (403 <c>other-cluster</c>, <see cref="DemandOutcome.OtherCluster"/>, <see cref="OtherClusterException"/>), and
/// afterwards every node's view is what it was and EC2 received no mutating call.
/// </summary>
public sealed class ClusterIsolationTests
{
    private const string Admin = "admin-token-0123456789abcdef";
    private static readonly IReadOnlyDictionary<string, string> s_tokens = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["a"] = "cluster-a-token-0123456789abcdef",
        ["b"] = "cluster-b-token-0123456789abcdef",
    };

    [Fact]
    public async Task Agents_holding_the_other_clusters_instance_ids_are_refused_every_request_and_nothing_changes()
    {
        await using var silo = await TestSilo.StartAsync($"Fleet:Http:BearerToken={Admin}",
            $"Fleet:Http:ClusterTokens:a={s_tokens["a"]}", $"Fleet:Http:ClusterTokens:b={s_tokens["b"]}");
        var ids = silo.Launch(4);
        var nodes = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["a"] = [ids[0], ids[1]], ["b"] = [ids[2], ids[3]] };
        using var a = Agent(silo, "a");
        using var b = Agent(silo, "b");
        var agents = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { ["a"] = a, ["b"] = b };

        // Each cluster's agent claims its own nodes and brings them to their targets.
        foreach (var (cluster, own) in nodes)
        {
            foreach (var id in own)
            {
                var claimed = await PutAsync(agents[cluster], $"/api/v1/nodes/{id}/demand", """{"used":12}""");
                Assert.True(claimed.StatusCode == HttpStatusCode.OK, $"{cluster} claiming {id}: {(int)claimed.StatusCode} {await claimed.Content.ReadAsStringAsync()}");
                await Eventually.Until(() => ViewAsync(silo, id), v => v.Allocation.Status == NodeStatus.Ready && v.PendingIntent is null,
                    $"{id} of cluster {cluster} ready");
            }
        }

        var before = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var view = await ViewAsync(silo, id);
            Assert.Equal(nodes.Single(n => n.Value.Contains(id)).Key, view.Cluster);
            before[id] = JsonSerializer.Serialize(view, ApiJson.Options);
        }

        var trailMark = silo.Region!.Trail().Last().Sequence;

        // Each agent now uses the other cluster's instance ids.
        foreach (var (cluster, client) in agents)
        {
            var other = cluster == "a" ? "b" : "a";
            foreach (var id in nodes[other])
            {
                await AssertOtherClusterAsync(await PutAsync(client, $"/api/v1/nodes/{id}/demand", """{"used":100,"pending":40}"""), $"{cluster} reporting for {id}");
                await AssertOtherClusterAsync(await PutAsync(client, $"/api/v1/nodes/{id}/spec", """{"minAllocate":200,"preAllocate":64}"""), $"{cluster} setting {id}'s spec");
                await AssertOtherClusterAsync(await PutAsync(client, $"/api/v1/nodes/{id}/spec", $$"""{"minAllocate":200,"cluster":"{{cluster}}"}"""),
                    $"{cluster} taking {id} into its cluster");
                await AssertOtherClusterAsync(await client.GetAsync($"/api/v1/nodes/{id}"), $"{cluster} reading {id}");
                await AssertOtherClusterAsync(await PutAsync(client, $"/api/v1/nodes/{id}/intent", """{"pods":60}"""), $"{cluster} declaring intent for {id}");
            }

            // Nor may a cluster hand its own node to the other, nor list the other's nodes.
            await AssertOtherClusterAsync(await PutAsync(client, $"/api/v1/nodes/{nodes[cluster][0]}/spec", $$"""{"cluster":"{{other}}"}"""),
                $"{cluster} moving its node to {other}");
            await AssertOtherClusterAsync(await client.GetAsync($"/api/v1/nodes?cluster={other}"), $"{cluster} listing {other}'s nodes");
            var own = string.Join(",", nodes[cluster].Order(StringComparer.Ordinal));
            await Eventually.Until(async () => string.Join(",", (await client.GetFromJsonAsync<NodeSummary[]>("/api/v1/nodes", ApiJson.Options))!.Select(n => n.InstanceId)),
                listed => listed == own, $"{cluster}'s token listing exactly {own}");
        }

        // An Orleans client that states its cluster is held to it the same way.
        await using (var orleans = await FleetClient.ConnectAsync(new FleetClientOptions { Gateways = [silo.Gateway], KubernetesCluster = "a" }))
        {
            foreach (var id in nodes["b"])
            {
                var result = await orleans.ReportDemandAsync(id, new DemandReport(Used: 100, Pending: 40));
                Assert.Equal(DemandOutcome.OtherCluster, result.Outcome);
                await Assert.ThrowsAsync<OtherClusterException>(() => orleans.SetSpecAsync(id, new NodeSpecDto { MinAllocate = 200 }));
                await Assert.ThrowsAsync<OtherClusterException>(() => orleans.DeclareIntentAsync(id, 60));
            }

            var own = string.Join(",", nodes["a"].Order(StringComparer.Ordinal));
            await Eventually.Until(async () => string.Join(",", (await orleans.ListNodesAsync()).Select(n => n.InstanceId)),
                listed => listed == own, $"the Orleans client of a listing exactly {own}");
        }

        foreach (var id in ids)
        {
            Assert.Equal(before[id], JsonSerializer.Serialize(await ViewAsync(silo, id), ApiJson.Options));
        }

        var mutating = silo.Region.Trail().Where(t => t.Sequence > trailMark && !t.Action.StartsWith("Describe", StringComparison.Ordinal)).ToList();
        Assert.True(mutating.Count == 0, $"EC2 received {mutating.Count} mutating call(s) after the refusals: {string.Join(", ", mutating.Select(t => t.Action))}");
    }

    private static HttpClient Agent(TestSilo silo, string cluster) => new()
    {
        BaseAddress = silo.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", s_tokens[cluster]) },
    };

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, string json) =>
        client.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<NodeView> ViewAsync(TestSilo silo, string id) =>
        (await silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options))!;

    private static async Task AssertOtherClusterAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{what}: expected 403, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://fleet.dev/problems/other-cluster", JsonDocument.Parse(body).RootElement.GetProperty("type").GetString());
    }
}
