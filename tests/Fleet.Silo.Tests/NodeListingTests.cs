using System.Net;
using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Silo.Tests.Infrastructure;
using static Fleet.Silo.Tests.Infrastructure.IndexedSilo;

namespace Fleet.Silo.Tests;

/// <summary><c>GET /api/v1/nodes</c> pages and filters in the index grain; <c>GET /api/v1/nodes/changes</c> feeds what changed.</summary>
public sealed class NodeListingTests(IndexedSilo fixture) : IClassFixture<IndexedSilo>
{
    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task Pages_follow_the_continuation_and_list_every_node_once_even_when_nodes_join_between_pages()
    {
        const string type = "c6i.large"; // this test's nodes alone
        await fixture.PublishAsync([.. Enumerable.Range(1000, 25).Select(n => Line(n * 2, type: type))]);

        var seen = new List<string>();
        var url = $"/api/v1/nodes?instanceType={type}&limit=10";
        var pages = 0;
        while (url is not null)
        {
            using var response = await Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await response.Content.ReadFromJsonAsync<NodeSummary[]>(ApiJson.Options))!;
            seen.AddRange(page.Select(n => n.InstanceId));
            pages++;
            if (pages == 1)
            {
                // Joins before the cursor (not listed again) and after it (listed once).
                await fixture.PublishAsync([Line(1000, type: type), Line(2048 + 1, type: type)]);
            }

            url = response.Headers.TryGetValues(NodeListingEndpoints.ContinuationHeader, out var token)
                ? $"/api/v1/nodes?instanceType={type}&limit=10&continuation={token.Single()}"
                : null;
            Assert.Equal(url is not null, response.Headers.Contains("Link"));
        }

        Assert.Equal(3, pages);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(26, seen.Count);
        Assert.Contains($"i-{2048 + 1:x17}", seen);
        Assert.DoesNotContain($"i-{1000:x17}", seen);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    [Fact]
    public async Task Status_instance_type_and_node_group_filter_in_the_index()
    {
        await fixture.PublishAsync([
            Line(0x5000, NodeStatus.Ready, "r6i.large"), Line(0x5001, NodeStatus.Allocating, "r6i.large"),
            Line(0x5002, NodeStatus.Blocked, "r6i.xlarge"), Line(0x5003, NodeStatus.Ready, "r6i.xlarge"),
        ]);

        Assert.Equal(new[] { 0x5001, 0x5002 }, await IdsAsync("/api/v1/nodes?status=allocating,blocked&instanceType=r6i.large,r6i.xlarge"));
        Assert.Equal(new[] { 0x5002, 0x5003 }, await IdsAsync("/api/v1/nodes?instanceType=r6i.xlarge"));
        // A node's group is its instance type until the spec carries one.
        Assert.Equal(new[] { 0x5000, 0x5001 }, await IdsAsync("/api/v1/nodes?nodeGroup=r6i.large"));
        Assert.Equal(new[] { 0x5003 }, await IdsAsync("/api/v1/nodes?nodeGroup=r6i.xlarge&status=Ready"));
        Assert.Empty(await IdsAsync("/api/v1/nodes?nodeGroup=none-such"));
    }

    [Theory]
    [InlineData("limit=0", "validation")]
    [InlineData("limit=1001", "validation")]
    [InlineData("limit=ten", "validation")]
    [InlineData("status=sleeping", "validation")]
    [InlineData("continuation=not-a-token", "invalid-continuation")]
    [InlineData("continuation=cDE6", "invalid-continuation")] // "p1:" with no id
    [InlineData("continuation=ZjE6YWJjLjE", "invalid-continuation")] // a change-feed cursor is not a page token
    public async Task A_bad_limit_status_or_continuation_is_a_400_problem(string query, string type)
    {
        using var response = await Http.GetAsync("/api/v1/nodes?" + query);
        await response.AssertProblemAsync(400, type);
    }

    [Fact]
    public async Task More_than_a_thousand_matching_nodes_need_paging_and_the_answer_says_how()
    {
        const string type = "m7g.medium";
        await fixture.PublishAsync([.. Enumerable.Range(0x10000, NodeQuery.MaxLimit + 1).Select(n => Line(n, type: type))]);

        using var unpaged = await Http.GetAsync($"/api/v1/nodes?instanceType={type}");
        var problem = await unpaged.AssertProblemAsync(400, "paging-required");
        Assert.Contains("limit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var narrowed = await Http.GetAsync($"/api/v1/nodes?instanceType={type}&status=blocked");
        Assert.Equal(HttpStatusCode.OK, narrowed.StatusCode);
    }

    [Fact]
    public async Task The_change_feed_answers_every_line_once_then_only_what_changed_since_the_cursor()
    {
        await fixture.PublishAsync([Line(0x7000, type: "t3.micro"), Line(0x7001, type: "t3.micro")]);
        var all = await ChangesAsync(null);
        Assert.True(all.Reset);
        var cursor = all.Cursor;
        while (all.More)
        {
            all = await ChangesAsync(cursor);
            cursor = all.Cursor;
        }

        var quiet = await ChangesAsync(cursor);
        Assert.Empty(quiet.Nodes);
        Assert.False(quiet.Reset);

        // A node republishing its unchanged line (as every node does each IndexRefresh) is not a change.
        await fixture.Index.Upsert(Line(0x7000, type: "t3.micro"));
        await fixture.PublishAsync([Line(0x7001, NodeStatus.Allocating, "t3.micro", used: 12)]);
        var changed = await ChangesAsync(cursor);
        var line = Assert.Single(changed.Nodes);
        Assert.Equal((NodeStatus.Allocating, 12), (line.Status, line.Used));
        Assert.False(changed.Reset);

        await (await Http.GetAsync("/api/v1/nodes/changes?since=garbage")).AssertProblemAsync(400, "invalid-continuation");
        await (await Http.GetAsync("/api/v1/nodes/changes?limit=0")).AssertProblemAsync(400, "validation");
    }

    private async Task<NodeChangesResponse> ChangesAsync(string? since) =>
        (await Http.GetFromJsonAsync<NodeChangesResponse>("/api/v1/nodes/changes" + (since is null ? "" : $"?since={since}"), ApiJson.Options))!;

    private async Task<int[]> IdsAsync(string url)
    {
        var nodes = await Http.GetFromJsonAsync<NodeSummary[]>(url, ApiJson.Options);
        return [.. nodes!.Select(n => Convert.ToInt32(n.InstanceId[2..], 16))];
    }
}
