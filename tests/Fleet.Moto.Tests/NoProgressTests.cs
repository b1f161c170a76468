using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Api;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Moto.Tests;

/// <summary>
/// Prefix mode against moto: moto accepts AssignPrivateIpAddresses with a prefix count and assigns nothing. Fleet must
/// stop after <c>Fleet:Allocator:NoProgressLimit</c> such calls (default 3), say Blocked with a reason an operator can
/// act on, and count them in <c>fleet.node.calls_without_progress</c>. The back-off after blocking is set to minutes,
/// so the count at the end is exact: no report in between may cause a call.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class NoProgressTests(MotoFixture moto, ITestOutputHelper output)
{
    private const int Limit = 3;

    [Fact]
    public async Task A_prefix_node_against_an_endpoint_that_assigns_no_prefix_stops_after_the_limit_and_says_why()
    {
        await using var silo = await moto.StartSiloAsync("Fleet:Allocator:BackoffBase=00:10:00", "Fleet:Allocator:BackoffMax=00:10:00");
        var id = (await moto.LaunchAsync(1))[0];
        var start = TimeProvider.System.GetTimestamp();

        var response = await silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", """{"used":12}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var blocked = await Eventually.Until(
            async () => (await silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options))!,
            v => v.Allocation.Status == NodeStatus.Blocked, $"{id} blocked after {Limit} calls without progress", TimeSpan.FromSeconds(60));
        var seconds = TimeProvider.System.GetElapsedTime(start).TotalSeconds;

        // Agents keep reporting: none of it may call EC2 while the node backs off.
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await silo.PutJsonAsync($"/api/v1/nodes/{id}/demand", $$"""{"used":{{12 + i}}}""")).IsSuccessStatusCode);
        }

        var after = (await silo.Http.GetFromJsonAsync<NodeView>($"/api/v1/nodes/{id}", ApiJson.Options))!;
        var metrics = await silo.Http.GetStringAsync("/metrics");
        var counted = metrics.Split('\n').Where(l => l.StartsWith("fleet_node_calls_without_progress", StringComparison.Ordinal)).ToList();
        output.WriteLine($"blocked after {seconds:0.0} s: '{blocked.Allocation.Detail}'; calls {string.Join(", ", after.Calls)}; {string.Join(" | ", counted)}");

        Assert.Equal(Limit, after.Calls.GetValueOrDefault("AssignPrivateIpAddresses"));
        Assert.Equal(NodeStatus.Blocked, after.Allocation.Status);
        Assert.Contains("no prefix appeared", after.Allocation.Detail, StringComparison.Ordinal);
        Assert.Contains("prefix delegation", after.Allocation.Detail, StringComparison.Ordinal);
        Assert.Contains(counted, l => l.Contains("action=\"AssignPrivateIpAddresses\"", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.Match(l, @"\} (\d+)").Groups[1].Value == Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty((await moto.EnisAsync(id)).SelectMany(e => e.Ipv4Prefixes ?? []));

        // Told to use secondary IPs instead, the node gets going again at once.
        var spec = await silo.PutJsonAsync($"/api/v1/nodes/{id}/spec", """{"prefixDelegation":"off"}""");
        Assert.True(spec.IsSuccessStatusCode, await spec.Content.ReadAsStringAsync());
        var ready = await silo.ReportAndWaitReadyAsync(id, 12);
        Assert.True(ready.Available >= 20, $"{ready.Available} addresses after switching to secondary IPs");

        Figures.Write("moto-no-progress", new
        {
            engine = "moto_server 5.2.1",
            noProgressLimit = Limit,
            assignCallsUntilBlocked = after.Calls.GetValueOrDefault("AssignPrivateIpAddresses"),
            reportsWhileBlocked = 10,
            callsWhileBlocked = after.Calls.GetValueOrDefault("AssignPrivateIpAddresses") - blocked.Calls.GetValueOrDefault("AssignPrivateIpAddresses"),
            secondsUntilBlocked = Math.Round(seconds, 1),
            detail = after.Allocation.Detail,
            availableAfterSwitchingToSecondaryIps = ready.Available,
        });
    }
}
