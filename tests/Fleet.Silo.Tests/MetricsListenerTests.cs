using System.Net;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// How Prometheus scrapes a silo that demands a bearer token, as the Helm chart runs it: <c>Fleet:Metrics:Urls</c>
/// opens a listener that serves <c>/metrics</c> without the token and nothing else, while the API's port keeps asking
/// for it; the series carry a real <c>service.name</c>.
/// </summary>
public sealed class MetricsListenerTests : IAsyncLifetime
{
    private const string Token = "metrics-test-token-0123456789";
    private readonly int _metricsPort = FreePorts.Next();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync($"Fleet:Http:BearerToken={Token}", $"Fleet:Metrics:Urls=http://127.0.0.1:{_metricsPort}");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Prometheus_scrapes_the_metrics_listener_without_the_token()
    {
        using var prometheus = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_metricsPort}/") };

        var response = await prometheus.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("target_info{service_name=\"fleet-silo\",service_namespace=\"fleet\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_service", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_listener_serves_nothing_but_metrics()
    {
        using var stranger = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_metricsPort}/") };
        foreach (var path in new[] { "api/v1/nodes", "api/v1/throttle", "dashboard/", "openapi/v1.json", "healthz", "" })
        {
            await (await stranger.GetAsync(path)).AssertProblemAsync(404, "not-found");
        }

        using var put = new StringContent("""{"used":1}""", System.Text.Encoding.UTF8, "application/json");
        await (await stranger.PutAsync("api/v1/nodes/i-0123456789abcdef0/demand", put)).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task The_api_port_still_asks_for_the_token_for_metrics()
    {
        using var anonymous = new HttpClient { BaseAddress = _silo.BaseAddress };
        await (await anonymous.GetAsync("/metrics")).AssertProblemAsync(401, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await _silo.Http.GetAsync("/metrics")).StatusCode);
    }
}
