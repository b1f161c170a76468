using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Fleet.Silo.Api;

/// <summary>
/// Reads a request body as a typed request and turns every way it can be wrong into a problem with a stable
/// type: not JSON (415), too large (413), not parseable or not an object (400 malformed-json), a field the type does
/// not have (400 unknown-field), a field of the wrong type or out of range (400 validation).
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!IsJson(request.ContentType))
        {
            return (null, ProblemTypes.Problem(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "The body must be JSON.", $"Content-Type must be application/json; it is '{request.ContentType ?? "(none)"}'."));
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = ApiJson.Options.MaxDepth }, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return (null, Malformed($"The body is not valid JSON ({e.Message.Split(" Path:")[0]})"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, ProblemTypes.Problem(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "The body is too large.", e.Message));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Malformed($"The body must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}."));
            }

            var known = ApiJson.Options.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToList();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    return (null, ProblemTypes.Problem(StatusCodes.Status400BadRequest, ProblemTypes.UnknownField, "The body has an unknown field.",
                        $"'{Truncate(property.Name)}' is not a field of this request; known fields: {string.Join(", ", known)}.",
                        new Dictionary<string, object?> { ["field"] = Truncate(property.Name) }));
                }
            }

            try
            {
                var value = document.RootElement.Deserialize<T>(ApiJson.Options);
                return value is null ? (null, Malformed("The body must be a JSON object.")) : (value, null);
            }
            catch (JsonException e)
            {
                var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
                return (null, ProblemTypes.ValidationProblem(new Dictionary<string, string[]>
                {
                    [field] = ["has the wrong type or is out of range"],
                }));
            }
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static IResult Malformed(string detail) =>
        ProblemTypes.Problem(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not a JSON object.", detail);

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
