using Fleet.Silo.Tests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Abstractions;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// The fleet page and the Orleans Dashboard in headless Debian chromium (Selenium with chromium-driver from apt),
/// waiting on DOM conditions. Screenshots land in <c>artifacts/</c> beside the test assembly.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class FleetPageBrowserTests(SiloFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly ChromeDriver _driver = StartBrowser();
    private TestSilo Silo => fixture.Silo;

    [Fact]
    public async Task After_demand_the_fleet_page_lists_the_node_and_opens_its_prefixes_and_shows_the_throttle_buckets()
    {
        var id = Silo.Launch(1, "m5.xlarge")[0];
        var ready = await Silo.ReportAndWaitReadyAsync(id, 20, 4);
        var prefixes = ready.Enis.SelectMany(e => e.Prefixes).ToList();
        Assert.NotEmpty(prefixes);

        _driver.Navigate().GoToUrl(new Uri(Silo.BaseAddress, "/"));
        var wait = new WebDriverWait(_driver, s_wait);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        _driver.FindElement(By.Id("search")).SendKeys(id);
        var row = wait.Until(d => d.FindElements(By.CssSelector($".vt-row[data-instance-id='{id}']")).FirstOrDefault()?.Text);
        Assert.Contains("m5.xlarge", row, StringComparison.Ordinal);
        // Found and read in one wait: the page redraws its rows and tables on every poll, so an element found by one
        // WebDriver command can be gone (stale) by the next.
        Assert.Equal("fleet", wait.Until(d => d.FindElement(By.CssSelector($".vt-row[data-instance-id='{id}'] [data-col='cluster']")).Text)); // Fleet:Cluster:Name's default
        wait.Until(d => { d.FindElement(By.CssSelector($".vt-row[data-instance-id='{id}']")).Click(); return true; });
        var detail = wait.Until(d => d.FindElement(By.Id("detail-body")).Text is var text && prefixes.All(p => text.Contains(p, StringComparison.Ordinal)) ? text : null);
        Assert.Contains("20 used", detail, StringComparison.Ordinal);
        Assert.Equal(id, wait.Until(d => d.FindElement(By.Id("detail-id")).Text));

        var assign = wait.Until(d => d.FindElements(By.CssSelector("#throttle tbody tr[data-action='AssignPrivateIpAddresses']")).FirstOrDefault()?.Text);
        Assert.Contains("/ 95", assign, StringComparison.Ordinal);
        var share = wait.Until(d => d.FindElements(By.CssSelector("#throttle-clusters tbody tr[data-cluster='fleet']")).FirstOrDefault()?.Text);
        Assert.Contains("100 %", share, StringComparison.Ordinal); // one cluster: the whole of every bucket
        Assert.NotEmpty(_driver.FindElements(By.CssSelector("#chart svg rect")));
        Assert.Equal("ready", wait.Until(d => d.FindElements(By.Id("ready")).FirstOrDefault(e => e.Text == "ready"))!.Text);
        Save("fleet-page.png");
    }

    [Fact]
    public async Task The_orleans_dashboard_lists_the_node_grains()
    {
        var id = Silo.Launch(1)[0];
        await Silo.ReportAndWaitReadyAsync(id, 2);

        _driver.Navigate().GoToUrl(new Uri(Silo.BaseAddress, "/dashboard/#/grains"));
        new WebDriverWait(_driver, s_wait).Until(d => d.PageSource.Contains("NodeGrain", StringComparison.Ordinal));
        Assert.Contains("ThrottleGrain", _driver.PageSource, StringComparison.Ordinal);
        Save("orleans-dashboard-grains.png");
    }

    [Fact]
    public async Task The_orleans_dashboard_shows_a_node_grains_state()
    {
        var id = Silo.Launch(1)[0];
        var ready = await Silo.ReportAndWaitReadyAsync(id, 7);

        _driver.Navigate().GoToUrl(new Uri(Silo.BaseAddress, "/dashboard/#/grainDetails"));
        var wait = new WebDriverWait(_driver, s_wait);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException)); // the dashboard redraws as it polls: find and use in one step
        wait.Until(d =>
        {
            var select = d.FindElements(By.TagName("select")).FirstOrDefault(e => e.Displayed && e.Text.Contains("NodeGrain", StringComparison.Ordinal));
            select?.FindElements(By.TagName("option")).First(o => o.Text.Contains("NodeGrain", StringComparison.Ordinal)).Click();
            return select is not null;
        });
        wait.Until(d => { d.FindElement(By.CssSelector("input[placeholder='Grain Id']")).SendKeys(id); return true; });
        wait.Until(d => { d.FindElement(By.CssSelector("input[type=button][value='Show Details']")).Click(); return true; });
        var eni = ready.Enis[0].EniId;
        wait.Until(d => d.PageSource.Contains(eni, StringComparison.Ordinal));
        Save("orleans-dashboard-node-state.png");
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }

    private static ChromeDriver StartBrowser() => HeadlessChromium.Start();

    private void Save(string name) => HeadlessChromium.Save(_driver, name, output);
}
