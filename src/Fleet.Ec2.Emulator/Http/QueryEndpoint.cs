using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fleet.Ec2.Emulator.Http;

/// <summary>
/// The HTTP shell of the Query API: reads <c>POST /</c> form bodies (and query strings, for GET), answers after the
/// call's latency (awaited on the region's clock), or closes the connection when the response is to be lost.
/// Signatures are not checked. The client identity is <c>X-Fleet-Client</c>, else the User-Agent's first token.
/// </summary>
internal static class QueryEndpoint
{
    public const string ClientHeader = "X-Fleet-Client";

    public static async Task HandleAsync(HttpContext context, Ec2Region region)
    {
        var request = context.Request;
        var q = QueryParameters.Parse(request.QueryString.HasValue ? request.QueryString.Value : "");
        if (HttpMethods.IsPost(request.Method))
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            QueryParameters.Parse(await reader.ReadToEndAsync(context.RequestAborted), q);
        }

        var outcome = QueryApi.Handle(q, region, new CallContext(ClientOf(request)));
        if (outcome.Latency > TimeSpan.Zero)
        {
            await Task.Delay(outcome.Latency, region.Time, context.RequestAborted);
        }

        if (outcome.ResponseLost)
        {
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = outcome.Status;
        response.ContentType = "text/xml;charset=UTF-8";
        response.ContentLength = outcome.Body.Length;
        await response.Body.WriteAsync(outcome.Body, context.RequestAborted);
    }

    private static string? ClientOf(HttpRequest request)
    {
        var client = request.Headers[ClientHeader].ToString();
        if (client.Length > 0)
        {
            return client;
        }

        var agent = request.Headers.UserAgent.ToString();
        var space = agent.IndexOf(' ', StringComparison.Ordinal);
        return agent.Length == 0 ? null : space < 0 ? agent : agent[..space];
    }
}
