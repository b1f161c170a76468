using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Fleet.Silo.Api;

/// <summary>
/// The stable <c>type</c> URIs of the HTTP API's RFC 7807 problem details: <c>https://fleet.dev/problems/{name}</c>.
/// They identify the problem (clients switch on them); they are not promised to resolve. docs/operations.md lists them.
/// </summary>
public static class ProblemTypes
{
    /// <summary>The prefix of every problem type.</summary>
    public const string Base = Abstractions.Messages.NodeLookupProblem.TypeBase;

    /// <summary>400: the instance id is not <c>i-</c> followed by 8 or 17 lowercase hex digits.</summary>
    public const string InvalidInstanceId = Base + "invalid-instance-id";

    /// <summary>400: the body is not JSON, or not a JSON object.</summary>
    public const string MalformedJson = Base + "malformed-json";

    /// <summary>400: the body has a field the endpoint does not know.</summary>
    public const string UnknownField = Base + "unknown-field";

    /// <summary>400: fields are missing, of the wrong type or out of range; <c>errors</c> maps each field to its problems.</summary>
    public const string Validation = Base + "validation";

    /// <summary>400: a <c>continuation</c> or <c>since</c> token is not one the API handed out.</summary>
    public const string InvalidContinuation = Base + "invalid-continuation";

    /// <summary>400: more nodes match than an unpaged listing answers (<c>Abstractions.Messages.NodeQuery.MaxLimit</c>); ask with <c>limit</c>.</summary>
    public const string PagingRequired = Base + "paging-required";

    /// <summary>400: the node refused the report as malformed, or could not read the instance from EC2 (see <c>detail</c>).</summary>
    public const string InvalidDemand = Base + "invalid-demand";

    /// <summary>400: an intent's pods exceed the node's max-pods or what its instance can hold; nothing was stored.</summary>
    public const string IntentOutOfRange = Base + "intent-out-of-range";

    /// <summary>401: a bearer token is required and was missing or wrong.</summary>
    public const string Unauthorized = Base + "unauthorized";

    /// <summary>403: the node belongs to another cluster than the one the request's token is for (or the spec names another); nothing changed.</summary>
    public const string OtherCluster = Base + "other-cluster";

    /// <summary>403: the view shows every cluster, and the request's token is one cluster's.</summary>
    public const string FleetWide = Base + "fleet-wide";

    /// <summary>404: EC2 does not know the instance (or it is terminated); nothing was stored.</summary>
    public const string UnknownInstance = Base + "unknown-instance";

    /// <summary>404: no demand was ever reported for this node.</summary>
    public const string NodeNotFound = Base + "node-not-found";

    /// <summary>404: no such endpoint.</summary>
    public const string NotFound = Base + "not-found";

    /// <summary>405: the endpoint exists but not for this method.</summary>
    public const string MethodNotAllowed = Base + "method-not-allowed";

    /// <summary>413: the body is larger than <c>Fleet:Http:MaxRequestBodyBytes</c>.</summary>
    public const string PayloadTooLarge = Base + "payload-too-large";

    /// <summary>415: the body is not <c>application/json</c>.</summary>
    public const string UnsupportedMediaType = Base + "unsupported-media-type";

    /// <summary>422: used + pending exceed what the instance type can ever hold; nothing was stored.</summary>
    public const string ExceedsInstanceMaximum = Base + "exceeds-instance-maximum";

    /// <summary>422: an address in <c>inUse</c> or <c>releaseAcks</c> does not belong to the node; nothing was stored.</summary>
    public const string ForeignAddress = Base + "foreign-address";

    /// <summary>503: the cluster did not answer in time, or EC2 could not be read to check the report; nothing was stored; retry.</summary>
    public const string Unavailable = Base + "unavailable";

    /// <summary>500: a bug; the log has the details.</summary>
    public const string Internal = Base + "internal";

    /// <summary>A problem result with a stable type.</summary>
    public static IResult Problem(int status, string type, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return Results.Problem(problem);
    }

    /// <summary>A 400 <see cref="Validation"/> problem listing each field's errors.</summary>
    public static IResult ValidationProblem(IDictionary<string, string[]> errors) =>
        Problem(StatusCodes.Status400BadRequest, Validation, "The request has invalid fields.",
            string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
            new Dictionary<string, object?> { ["errors"] = errors });
}
