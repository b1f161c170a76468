using System.Globalization;
using System.Text.Json.Nodes;
using Fleet.Abstractions.Messages;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;
using static Fleet.Silo.Tests.Infrastructure.IndexedSilo;

namespace Fleet.Silo.Tests;

/// <summary>
/// The fleet page with 10,000 nodes in headless chromium: 9,999 lines fed to the fleet index as node grains publish
/// them, plus one real node (an instance in the embedded emulator that reported demand), so the map and the table
/// open a node's real ENIs and prefixes.
/// </summary>
public sealed class FleetPageScaleTests(IndexedSilo fixture, ITestOutputHelper output) : IClassFixture<IndexedSilo>, IDisposable
{
    private const int Nodes = 10_000;
    private static readonly string[] s_types = ["m5.large", "m5.xlarge", "c6i.2xlarge", "r6i.large"];
    private readonly ChromeDriver _driver = HeadlessChromium.Start(1400, 1750);

    [Fact]
    public async Task Ten_thousand_nodes_are_summarised_mapped_and_listed_drawing_only_visible_rows_and_polls_fetch_only_changes()
    {
        var real = fixture.Silo.Launch(1)[0];
        using (var spec = await fixture.Silo.PutJsonAsync($"/api/v1/nodes/{real}/spec", """{ "firstInterfaceIndex": 1 }"""))
        {
            Assert.True(spec.IsSuccessStatusCode);
        }

        var ready = await fixture.Silo.ReportAndWaitReadyAsync(real, 20);
        // This class's silo lists only the real node so far: its line as the API gives it, once the index holds the
        // line the node published when it became ready (the index is told after the node's own view changes).
        var apiLine = await Eventually.Until(
            async () => JsonNode.Parse(await fixture.Silo.Http.GetStringAsync("/api/v1/nodes"))!.AsArray().Single(n => n!["instanceId"]!.GetValue<string>() == real)!,
            line => string.Equals(line["status"]!.GetValue<string>(), "ready", StringComparison.OrdinalIgnoreCase) && line["available"]!.GetValue<int>() == ready.Available,
            $"the fleet index lists {real} as ready with {ready.Available} addresses available");
        var synthetic = Enumerable.Range(1, Nodes - 1).Select(Synthetic).ToList();
        await fixture.PublishAsync(synthetic);

        _driver.Navigate().GoToUrl(new Uri(fixture.Silo.BaseAddress, "/"));
        var wait = new WebDriverWait(_driver, TimeSpan.FromSeconds(60));
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        wait.Until(d => d.FindElement(By.Id("nodes-total")).Text == "10,000");

        // The summary by status, group and type counts every node.
        var expected = synthetic.Append(new NodeSummary(real, NodeStatus.Ready, "m5.large", 0, 0, 0, 0, 0, 0, "", default))
            .GroupBy(n => n.Status.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (status, count) in expected)
        {
            Assert.Equal(count.ToString("N0", CultureInfo.InvariantCulture), Cell("by-status", status == "notfound" ? "notFound" : status));
        }

        Assert.Equal(synthetic.Count(n => n.InstanceType == "c6i.2xlarge").ToString("N0", CultureInfo.InvariantCulture), Cell("by-type", "c6i.2xlarge"));
        Assert.Equal(Cell("by-type", "r6i.large"), Cell("by-group", "r6i.large"));

        // The table holds 10,000 rows but draws only those in view.
        Assert.Equal("10,000 nodes", Text("#nodes-count"));
        Assert.InRange(_driver.FindElements(By.CssSelector(".vt-row")).Count, 10, 60);
        Script("const s = document.getElementById('table-scroll'); s.scrollTop = s.scrollHeight;");
        var last = synthetic.Select(n => n.InstanceId).Append(real).Max(StringComparer.Ordinal)!;
        wait.Until(d => d.FindElements(By.CssSelector($".vt-row[data-instance-id='{last}']")).Count == 1);
        Assert.InRange(_driver.FindElements(By.CssSelector(".vt-row")).Count, 10, 60);

        // Sorting by a column and searching work on the whole fleet.
        Script("document.getElementById('table-scroll').scrollTop = 0;");
        _driver.FindElement(By.CssSelector("#table-head [data-sort='used']")).Click();
        var most = synthetic.Append(new NodeSummary(real, NodeStatus.Ready, null, 0, 20, 0, 0, 0, 0, "", default)).Max(n => n.Used);
        wait.Until(d => d.FindElement(By.CssSelector(".vt-row [data-col='used']")).Text == most.ToString(CultureInfo.InvariantCulture));
        _driver.FindElement(By.Id("search")).SendKeys(real);
        wait.Until(d => d.FindElements(By.CssSelector(".vt-row")).Count == 1);
        Assert.Equal("1 of 10,000 nodes", Text("#nodes-count"));
        // The page's line agrees with the API's (issue 15 item 8): target, ENIs and prefixes.
        foreach (var field in new[] { "target", "enis", "prefixes", "available", "used" })
        {
            Assert.Equal(apiLine[field]!.GetValue<int>().ToString(CultureInfo.InvariantCulture), Text($".vt-row [data-col='{field}']"));
        }

        // One click on the node's cell in the map opens its ENIs and prefixes.
        var map = _driver.FindElement(By.Id("map"));
        var center = (IDictionary<string, object>)Script($"return fleetNodes.cellCenter('{real}');")!;
        new Actions(_driver).MoveToElement(map, Px(center["x"]) - map.Size.Width / 2, Px(center["y"]) - map.Size.Height / 2).Click().Perform();
        wait.Until(d => d.FindElement(By.Id("detail-id")).Text == real);
        var prefixes = ready.Enis.SelectMany(e => e.Prefixes).ToList();
        var detail = wait.Until(d => d.FindElement(By.Id("detail-body")).Text is var text && prefixes.All(p => text.Contains(p, StringComparison.Ordinal)) ? text : null);
        Assert.Contains($"target {apiLine["target"]!.GetValue<int>()}", detail, StringComparison.Ordinal);
        Assert.Contains("eth1", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("eth0", detail, StringComparison.Ordinal);

        // A change reaches the page through the change feed: one line, not the fleet.
        var changed = synthetic[42] with { Status = NodeStatus.Blocked, Detail = "subnets exhausted" };
        await fixture.Index.Upsert(changed);
        var blocked = (expected.GetValueOrDefault("blocked") + 1).ToString("N0", CultureInfo.InvariantCulture);
        wait.Until(d => Cell("by-status", "blocked") == blocked);
        var fetched = Convert.ToInt32(Script("return fleetNodes.state.lastFetched;"), CultureInfo.InvariantCulture);
        Assert.InRange(fetched, 0, 5);

        _driver.FindElement(By.Id("search")).Clear();
        Script("document.getElementById('search').dispatchEvent(new Event('input')); window.scrollTo(0, 0);");
        wait.Until(d => d.FindElement(By.Id("nodes-count")).Text == "10,000 nodes");
        HeadlessChromium.Save(_driver, "fleet-page-10000.png", output);
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }

    /// <summary>A node line: mostly ready, some allocating, a few blocked, four instance types, demand spread out.</summary>
    private static NodeSummary Synthetic(int n)
    {
        var status = n % 37 == 0 ? NodeStatus.Blocked : n % 9 == 0 ? NodeStatus.Allocating : NodeStatus.Ready;
        var used = n * 7919 % 100;
        return Line(0x100000 + n, status, s_types[n % s_types.Length], used, (used / 16 + 1) * 16 + (status == NodeStatus.Allocating ? 0 : 16));
    }

    private string Cell(string table, string key) => Text($"#{table} tr[data-key='{key}'] [data-nodes]");

    /// <summary>
    /// The text of what <paramref name="css"/> selects, found and read in one script. The page redraws its rows and
    /// summaries on every poll, so an element found by one WebDriver command can be gone (stale) by the next.
    /// </summary>
    private string Text(string css) =>
        Script($"const e = document.querySelector({System.Text.Json.JsonSerializer.Serialize(css)}); return e ? e.innerText.trim() : null;") as string
        ?? throw new NoSuchElementException($"nothing on the page matches {css}");

    private object? Script(string script) => ((IJavaScriptExecutor)_driver).ExecuteScript(script);

    private static int Px(object value) => (int)Math.Round(Convert.ToDouble(value, CultureInfo.InvariantCulture));
}
