using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fleet.Abstractions.Messages;
using Fleet.Client;

namespace Fleet.Cli.Load;

/// <summary>How a throughput run reaches the silo: one demand report, answered with an outcome name.</summary>
internal interface IReportTransport : IAsyncDisposable
{
    /// <summary><c>orleans</c> or <c>http</c>.</summary>
    string Name { get; }

    /// <summary>Sends one report; answers <c>accepted</c>, a refusal's name, or throws for a transport error.</summary>
    Task<string> ReportAsync(string instanceId, int used, int pending, CancellationToken cancellationToken);
}

/// <summary>Reports through the Orleans client (the gateway), as an agent using <see cref="FleetClient"/> does.</summary>
internal sealed class OrleansTransport(FleetClient client) : IReportTransport
{
    private static readonly string[] s_names = [.. Enum.GetValues<DemandOutcome>().Select(o => char.ToLowerInvariant(o.ToString()[0]) + o.ToString()[1..])];

    public string Name => "orleans";

    public async Task<string> ReportAsync(string instanceId, int used, int pending, CancellationToken cancellationToken)
    {
        var result = await client.ReportDemandAsync(instanceId, new DemandReport(used, pending));
        return (int)result.Outcome < s_names.Length ? s_names[(int)result.Outcome] : result.Outcome.ToString();
    }

    public ValueTask DisposeAsync() => client.DisposeAsync();
}

/// <summary>
/// Reports over the HTTP API (<c>PUT /api/v1/nodes/{id}/demand</c>) on a pool of keep-alive connections, one per
/// report in flight. The answer's body is read to the end (latency includes it) but not parsed.
/// </summary>
internal sealed class HttpTransport : IReportTransport
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");
    private readonly HttpClient _http;

    public HttpTransport(Uri baseAddress, string? bearerToken, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearerToken is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
    }

    public string Name => "http";

    public async Task<string> ReportAsync(string instanceId, int used, int pending, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"used\":{used},\"pending\":{pending}}}"));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/nodes/{instanceId}/demand") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = s_json;
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await response.Content.CopyToAsync(Stream.Null, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => "accepted",
            HttpStatusCode.Unauthorized => throw new HttpRequestException("401: the silo needs its bearer token (--token or FLEET_TOKEN)"),
            var status => $"http-{(int)status}",
        };
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
