using System.Text.Json;
using System.Text.Json.Nodes;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary>
/// <c>fleet nodes</c>, <c>fleet node</c> and the HTTP API say the same thing about a node, and fail the same way
/// (issue 15 items 7 and 8).
/// </summary>
public sealed class ViewAgreementTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    private TestSilo Silo => fixture.Silo;

    private string[] Connect => ["--gateway", Silo.Gateway];

    [Theory]
    [InlineData("i-bogus", 400, "invalid-instance-id", 2)]
    [InlineData("i-0123456789abcdef0", 404, "node-not-found", 1)]
    public async Task Node_prints_the_apis_problem_for_an_id_it_cannot_show_and_exits_non_zero(string id, int status, string type, int exit)
    {
        using var response = await Silo.Http.GetAsync($"/api/v1/nodes/{id}");
        var api = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, (int)response.StatusCode);

        var (code, output, error) = await CliRun.RunAsync(["node", id, .. Connect]);
        var (jsonCode, json, _) = await CliRun.RunAsync(["node", id, "--json", .. Connect]);

        Assert.Equal((exit, exit), (code, jsonCode));
        Assert.Contains(api["detail"]!.GetValue<string>(), error, StringComparison.Ordinal);
        Assert.Contains(api["title"]!.GetValue<string>(), error, StringComparison.Ordinal);
        Assert.Equal("", output);
        var cli = JsonNode.Parse(json)!;
        Assert.Equal("https://fleet.dev/problems/" + type, cli["type"]!.GetValue<string>());
        foreach (var field in new[] { "type", "title", "status", "detail" })
        {
            Assert.Equal(api[field]!.ToJsonString(), cli[field]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Nodes_node_and_the_api_agree_on_enis_prefixes_and_a_target_that_is_the_watermark_not_the_holding()
    {
        var id = Silo.Launch(1)[0];
        // Pods off eth0: the node's addresses come from a second ENI, and eth0 is not one of the node's pod ENIs.
        using (var spec = await Silo.PutJsonAsync($"/api/v1/nodes/{id}/spec", """{ "firstInterfaceIndex": 1 }"""))
        {
            Assert.True(spec.IsSuccessStatusCode, await spec.Content.ReadAsStringAsync());
        }

        var ready = await Silo.ReportAndWaitReadyAsync(id, 20);
        // The listing is the fleet index, which the node updates after its own state is written: it may lag the view.
        var apiLine = (await Eventually.Until(
            () => JsonAsync($"/api/v1/nodes?instanceType=m5.large&limit=1000", id),
            line => line?["status"]?.GetValue<string>() == "ready" && line["available"]?.GetValue<int>() == ready.Available,
            $"{id} listed as ready"))!;
        var apiView = JsonNode.Parse(await Silo.Http.GetStringAsync($"/api/v1/nodes/{id}"))!;
        var (_, list, _) = await CliRun.RunAsync(["nodes", "--json", "--instance-type", "m5.large", .. Connect]);
        var cliLine = JsonNode.Parse(list)!.AsArray().Single(n => n!["instanceId"]!.GetValue<string>() == id)!;
        var (_, show, _) = await CliRun.RunAsync(["node", id, "--json", .. Connect]);
        var cliView = JsonNode.Parse(show)!;

        var enis = ready.Enis.Length;
        var prefixes = ready.Enis.Sum(e => e.Prefixes.Length);
        Assert.Equal(1, enis);
        Assert.All(ready.Enis, e => Assert.Equal(1, e.DeviceIndex));
        const int target = 20 + 8; // used + pre-allocate (Cilium's default 8); nothing pending, no min-allocate
        Assert.True(ready.Available > target, $"available {ready.Available} holds whole /28s beyond the target");

        Assert.Equal((enis, prefixes, target, ready.Available), Line(apiLine));
        Assert.Equal((enis, prefixes, target, ready.Available), Line(cliLine));
        Assert.Equal(target, apiView["target"]!.GetValue<int>());
        Assert.Equal(target, cliView["target"]!.GetValue<int>());
        Assert.Equal(enis, apiView["allocation"]!["enis"]!.AsArray().Count);
        Assert.Equal(enis, cliView["allocation"]!["enis"]!.AsArray().Count);

        var (_, table, _) = await CliRun.RunAsync(["nodes", "--instance-type", "m5.large", .. Connect]);
        var lines = table.Split('\n');
        var header = Cells(lines.First(l => l.Contains("target", StringComparison.Ordinal)));
        var row = Cells(lines.Single(l => l.Contains(id, StringComparison.Ordinal)));
        Assert.Equal($"{target}", row[Array.IndexOf(header, "target")]);
        Assert.Equal($"{enis}", row[Array.IndexOf(header, "ENIs")]);
    }

    private static string[] Cells(string line) => [.. line.Split('│').Select(c => c.Trim())];

    private static (int Enis, int Prefixes, int Target, int Available) Line(JsonNode line) =>
        (line["enis"]!.GetValue<int>(), line["prefixes"]!.GetValue<int>(), line["target"]!.GetValue<int>(), line["available"]!.GetValue<int>());

    private async Task<JsonNode?> JsonAsync(string url, string id) =>
        JsonNode.Parse(await Silo.Http.GetStringAsync(url))!.AsArray().SingleOrDefault(n => n!["instanceId"]!.GetValue<string>() == id);
}
