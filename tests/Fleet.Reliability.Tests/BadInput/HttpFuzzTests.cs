using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.BadInput;

/// <summary>
/// Thousands of generated requests (seeded) against one silo with a bearer token: never a 5xx; every refusal a
/// problem+json with one of the documented types; and a refused request changes nothing — neither the node Fleet
/// keeps nor EC2.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 3000;
    private const string Token = "fuzz-token-0123456789abcdef";
    private const int MaxBody = 1024 * 1024;
    private const int ClosedEarly = 0;

    private static readonly HashSet<string> s_problemTypes = new[]
    {
        "invalid-instance-id", "malformed-json", "unknown-field", "validation", "invalid-demand", "unauthorized", "unknown-instance",
        "node-not-found", "not-found", "method-not-allowed", "payload-too-large", "unsupported-media-type", "exceeds-instance-maximum",
        "foreign-address", "unavailable",
    }.Select(t => "https://fleet.dev/problems/" + t).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public async Task Three_thousand_generated_requests_get_no_5xx_only_documented_problems_and_refusals_change_nothing()
    {
        await using var silo = await TestSilo.StartAsync($"Fleet:Http:BearerToken={Token}");
        var launched = silo.Launch(7);
        var instances = launched.Take(4).ToList();
        var victims = launched.Skip(4).ToList(); // every request for these carries a defect: each must change nothing
        var baseline = new[] { instances[0], instances[1], victims[0] };
        foreach (var id in baseline)
        {
            await silo.ReportAndWaitReadyAsync(id, used: 10);
        }

        var before = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in baseline)
        {
            before[id] = (await silo.Http.GetFromJsonAsync<Fleet.Abstractions.Messages.NodeView>($"/api/v1/nodes/{id}", Fleet.Silo.Api.ApiJson.Options))!.Allocation.Version;
        }

        var trailBefore = silo.Region!.Trail().LastOrDefault()?.Sequence ?? 0;
        var requests = new FuzzGenerator(seed: 7, Token, instances, victims).Generate(Requests).ToList();
        var answers = new ConcurrentBag<(FuzzRequest Request, int Status, string? ContentType, string Body)>();
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var interrupted = new ConcurrentBag<FuzzRequest>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, ct) =>
        {
            if (await SendAsync(http, request, expectContinue: false, ct) is { } answer)
            {
                answers.Add(answer);
            }
            else
            {
                interrupted.Add(request);
            }
        });

        // Kestrel may answer a refused request before reading its body and close the connection while the client is
        // still sending (broken pipe): those are sent again with Expect: 100-continue, so the answer arrives first;
        // so is a request that found its pooled connection closed that way.
        foreach (var request in interrupted)
        {
            answers.Add(await SendAsync(http, request, expectContinue: true, CancellationToken.None) ?? (request, ClosedEarly, null, string.Empty));
        }

        output.WriteLine($"interrupted while sending the body: {interrupted.Count}, of which still unanswered with 100-continue: {answers.Count(a => a.Status == ClosedEarly)}");
        Report(answers);
        Assert.Empty(answers.Where(a => a.Status >= 500).Select(a => $"{a.Status} for {a.Request}"));
        Assert.All(answers.Where(a => a.Status == ClosedEarly), a => Assert.True(a.Request.Body is { Length: > MaxBody }, $"no answer to {a.Request}"));
        // Kestrel itself refuses a request target holding a NUL byte (%00) with an empty 400, before any middleware runs.
        var byKestrel = answers.Where(a => a.Status == 400 && a.Body.Length == 0 && a.Request.Path.Contains("%00", StringComparison.Ordinal)).ToList();
        output.WriteLine($"refused by Kestrel before the application (NUL in the path): {byKestrel.Count}");
        var undocumented = answers.Except(byKestrel).Where(a => a.Status >= 400 && a.Request.Method != HttpMethod.Head && !ProblemOk(a.ContentType, a.Body)).ToList();
        foreach (var group in undocumented.GroupBy(a => $"{a.Status} {a.Request.Method} {a.Request.Path[..Math.Min(40, a.Request.Path.Length)]}"))
        {
            output.WriteLine($"  undocumented: {group.Key}: {group.Count()}");
        }

        Assert.True(undocumented.Count == 0, $"{undocumented.Count} refusals without a documented problem type, e.g. {string.Join(" | ", undocumented.Take(3).Select(a => $"{a.Status} {a.ContentType} {a.Body[..Math.Min(200, a.Body.Length)]} for {a.Request}"))}");

        // The victims only ever got refusals: each is as it was — never stored, or at the same version — and EC2 saw
        // no call for them.
        var refused = answers.Count(a => a.Request.Instance is { } i && victims.Contains(i) && a.Request.Mutates);
        Assert.DoesNotContain(answers, a => a.Request.Instance is { } i && victims.Contains(i) && a.Request.Mutates && a.Status is >= 200 and < 300);
        output.WriteLine($"refused requests for the victims: {refused}");
        foreach (var id in victims)
        {
            using var response = await silo.Http.GetAsync($"/api/v1/nodes/{id}");
            if (before.TryGetValue(id, out var version))
            {
                var view = await response.Content.ReadFromJsonAsync<Fleet.Abstractions.Messages.NodeView>(Fleet.Silo.Api.ApiJson.Options);
                Assert.Equal(version, view!.Allocation.Version);
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        Assert.DoesNotContain(silo.Region.Trail(), t => t.Sequence > trailBefore && t.InstanceId is { } i && victims.Contains(i));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/healthz")).StatusCode);
    }

    private static async Task<(FuzzRequest, int, string?, string)?> SendAsync(HttpClient http, FuzzRequest request, bool expectContinue, CancellationToken ct)
    {
        using var message = request.ToMessage();
        message.Headers.ExpectContinue = expectContinue;
        try
        {
            using var response = await http.SendAsync(message, ct);
            return (request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(ct));
        }
        catch (HttpRequestException e) when (request.Body is not null || e.InnerException is IOException)
        {
            // A refused body, or a pooled connection Kestrel closed after refusing an earlier one (broken pipe before
            // this request reached the server): sent again below.
            return null;
        }
    }

    private static bool ProblemOk(string? contentType, string body) =>
        contentType == "application/problem+json" && s_problemTypes.Contains(ProblemType(body) ?? string.Empty);

    private static string? ProblemType(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Report(IEnumerable<(FuzzRequest Request, int Status, string? ContentType, string Body)> answers)
    {
        var list = answers.ToList();
        output.WriteLine($"{list.Count} requests; 5xx: {list.Count(a => a.Status >= 500)}");
        foreach (var group in list.GroupBy(a => (a.Request.Kind, a.Status)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Status))
        {
            output.WriteLine($"  {group.Key.Kind} {group.Key.Status}: {group.Count()}");
        }

        foreach (var group in list.Where(a => a.ContentType == "application/problem+json").GroupBy(a => ProblemType(a.Body) ?? "(none)").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  problem {group.Key}: {group.Count()}");
        }
    }
}
