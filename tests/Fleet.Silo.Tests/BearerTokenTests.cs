using System.Net;
using System.Net.Http.Headers;
using Fleet.Silo.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>A silo configured with a bearer token serves only callers that present it.</summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private const string Token = "test-token-0123456789abcdef";
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync($"Fleet:Http:BearerToken={Token}");

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Requests_without_the_right_token_are_unauthorized_and_probes_and_page_stay_open()
    {
        using var anonymous = new HttpClient { BaseAddress = _silo.BaseAddress };
        foreach (var path in new[] { "/api/v1/nodes", "/api/v1/throttle", "/metrics", "/dashboard/", "/openapi/v1.json" })
        {
            var response = await anonymous.GetAsync(path);
            await response.AssertProblemAsync(401, "unauthorized");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Token + "x") } };
        await (await anonymous.SendAsync(wrong)).AssertProblemAsync(401, "unauthorized");

        foreach (var path in new[] { "/healthz", "/", "/fleet.js", "/fleet.css" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_right_token_opens_the_api()
    {
        Assert.Equal(HttpStatusCode.OK, (await _silo.Http.GetAsync("/api/v1/nodes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _silo.Http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task The_fleet_page_cookie_is_accepted_for_reads_only()
    {
        using var browser = new HttpClient { BaseAddress = _silo.BaseAddress };
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/nodes") { Headers = { { "Cookie", $"fleet-token={Token}" } } };
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(read)).StatusCode);

        using var write = new HttpRequestMessage(HttpMethod.Put, "/api/v1/nodes/i-0123456789abcdef0/demand")
        {
            Headers = { { "Cookie", $"fleet-token={Token}" } },
            Content = new StringContent("""{"used":1}""", System.Text.Encoding.UTF8, "application/json"),
        };
        await (await browser.SendAsync(write)).AssertProblemAsync(401, "unauthorized");
    }
}
