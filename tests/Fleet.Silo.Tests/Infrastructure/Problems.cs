using System.Text.Json;

namespace Fleet.Silo.Tests.Infrastructure;

/// <summary>Asserts an RFC 7807 answer: status, media type and the stable problem type.</summary>
internal static class Problems
{
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected HTTP {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("https://fleet.dev/problems/" + type, problem.GetProperty("type").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>The field names a validation problem lists.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
}
