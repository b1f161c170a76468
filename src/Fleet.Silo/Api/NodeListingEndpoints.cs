using System.Collections.Immutable;
using System.Globalization;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Fleet.Silo.Api;

/// <summary>
/// <c>GET /api/v1/nodes</c> (filtered, paged listing) and <c>GET /api/v1/nodes/changes</c> (the fleet page's change
/// feed). The index grain filters and pages; this layer only reads the query and turns cursors into opaque tokens.
/// </summary>
internal static class NodeListingEndpoints
{
    /// <summary>Lines per page when a continuation comes without a limit.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>Lines per change-feed answer when no limit is given.</summary>
    public const int DefaultChangesLimit = 1000;

    /// <summary>The response header carrying the next page's token (also in <c>Link: …; rel="next"</c>).</summary>
    public const string ContinuationHeader = "Fleet-Continuation";

    public static void MapNodeListing(this RouteGroupBuilder nodes)
    {
        nodes.MapGet("/", ListAsync)
            .WithName("ListNodes")
            .WithSummary("Node lines by instance id, filtered (status, nodeGroup, instanceType, cluster: comma-separated) and paged (limit, continuation).")
            .WithDescription("Without limit or continuation every matching node is answered, up to 1000; more is a 400 paging-required problem. " +
                             $"A page that is not the last carries the next page's token in the {ContinuationHeader} header and in Link rel=\"next\". " +
                             "A cluster's token lists only that cluster's nodes (asking for another cluster is a 403 other-cluster problem).")
            .Produces<ImmutableArray<NodeSummary>>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden);
        nodes.MapGet("/changes", ChangesAsync)
            .WithName("NodeChanges")
            .WithSummary("The node lines changed since a cursor (since), oldest change first; without one (or after the index restarted), every line with reset=true.")
            .Produces<NodeChangesResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var statuses = ReadStatuses(request.Query["status"], errors);
        var groups = ReadList(request.Query["nodeGroup"]);
        var types = ReadList(request.Query["instanceType"]);
        var clusters = ReadList(request.Query["cluster"]);
        var limit = ReadInt(request.Query["limit"], "limit", 1, NodeQuery.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return ProblemTypes.ValidationProblem(errors);
        }

        if (ApiCaller.Cluster(request.HttpContext) is { } caller)
        {
            if (clusters.FirstOrDefault(c => c != caller) is { } other)
            {
                return ProblemTypes.Problem(StatusCodes.Status403Forbidden, ProblemTypes.OtherCluster, "The nodes belong to another cluster.",
                    $"This token is for cluster {caller}: it lists that cluster's nodes only (ask without cluster, or with cluster={caller}).",
                    new Dictionary<string, object?> { ["cluster"] = Clip(other) });
            }

            clusters = [caller];
        }

        string? after = null;
        if (request.Query["continuation"] is { Count: > 0 } given)
        {
            if (given.Count > 1 || !ContinuationTokens.TryReadPage(given.ToString(), out var last))
            {
                return ProblemTypes.Problem(StatusCodes.Status400BadRequest, ProblemTypes.InvalidContinuation, "The continuation token is not valid.",
                    $"Pass back the {ContinuationHeader} (or Link rel=\"next\") value of the previous page unchanged, or start again without one.");
            }

            after = last;
        }

        var paged = limit is not null || after is not null;
        var query = new NodeQuery(limit ?? (paged ? DefaultPageSize : NodeQuery.MaxLimit), after, statuses, groups, types, clusters);
        var page = await grains.GetGrain<IFleetIndexGrain>("default").Page(query);
        if (page.Next is { } next)
        {
            if (!paged)
            {
                return ProblemTypes.Problem(StatusCodes.Status400BadRequest, ProblemTypes.PagingRequired, "Too many nodes to list in one answer.",
                    $"More than {NodeQuery.MaxLimit} nodes match: list them in pages with ?limit=1–{NodeQuery.MaxLimit} and follow the " +
                    $"{ContinuationHeader} header (or Link rel=\"next\"), or narrow the listing with status, nodeGroup, instanceType or cluster.",
                    new Dictionary<string, object?> { ["maxUnpaged"] = NodeQuery.MaxLimit });
            }

            var token = ContinuationTokens.ForPage(next);
            request.HttpContext.Response.Headers[ContinuationHeader] = token;
            request.HttpContext.Response.Headers.Link = $"<{NextUrl(request, token, query.Limit)}>; rel=\"next\"";
        }

        return Results.Json(page.Nodes, ApiJson.Options);
    }

    private static async Task<IResult> ChangesAsync(HttpRequest request, IGrainFactory grains)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var limit = ReadInt(request.Query["limit"], "limit", 1, NodeChanges.MaxLimit, errors) ?? DefaultChangesLimit;
        if (errors.Count > 0)
        {
            return ProblemTypes.ValidationProblem(errors);
        }

        var (epoch, sequence) = ((string?)null, 0L);
        if (request.Query["since"] is { Count: > 0 } since)
        {
            if (since.Count > 1 || !ContinuationTokens.TryReadFeed(since.ToString(), out var e, out sequence))
            {
                return ProblemTypes.Problem(StatusCodes.Status400BadRequest, ProblemTypes.InvalidContinuation, "The since cursor is not valid.",
                    "Pass back the cursor of the previous answer unchanged, or ask without since for every line.");
            }

            epoch = e;
        }

        var changes = await grains.GetGrain<IFleetIndexGrain>("default").Changes(epoch, sequence, limit);
        var nodes = ApiCaller.Cluster(request.HttpContext) is { } caller
            ? [.. changes.Nodes.Where(n => n.Cluster == caller)] // a cluster's token follows its own nodes
            : changes.Nodes;
        return Results.Json(new NodeChangesResponse(ContinuationTokens.ForFeed(changes.Epoch, changes.Sequence), changes.Reset, changes.More, nodes),
            ApiJson.Options);
    }

    private static string NextUrl(HttpRequest request, string token, int limit)
    {
        var query = request.Query.Where(q => q.Key is not ("continuation" or "limit"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("limit", limit.ToString(CultureInfo.InvariantCulture)))
            .Append(new("continuation", token));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
    }

    private static ImmutableArray<NodeStatus> ReadStatuses(Microsoft.Extensions.Primitives.StringValues values, Dictionary<string, string[]> errors)
    {
        var statuses = ImmutableArray.CreateBuilder<NodeStatus>();
        var bad = new List<string>();
        foreach (var name in ReadList(values))
        {
            if (Enum.TryParse<NodeStatus>(name, ignoreCase: true, out var status) && Enum.IsDefined(status) && !name.Any(char.IsDigit))
            {
                statuses.Add(status);
            }
            else
            {
                bad.Add($"'{Clip(name)}' is not a node status ({string.Join(", ", Enum.GetNames<NodeStatus>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]))})");
            }
        }

        if (bad.Count > 0)
        {
            errors["status"] = [.. bad];
        }

        return statuses.ToImmutable();
    }

    private static ImmutableArray<string> ReadList(Microsoft.Extensions.Primitives.StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    private static int? ReadInt(Microsoft.Extensions.Primitives.StringValues values, string name, int min, int max, Dictionary<string, string[]> errors)
    {
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"must be a whole number between {min} and {max}"];
        return null;
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>What <c>GET /api/v1/nodes/changes</c> answers.</summary>
/// <param name="Cursor">Pass as <c>since</c> next time.</param>
/// <param name="Reset">Drop every line held and start from these (no cursor, or the index restarted).</param>
/// <param name="More">More changes wait: ask again at once.</param>
/// <param name="Nodes">The changed lines, oldest change first.</param>
public sealed record NodeChangesResponse(string Cursor, bool Reset, bool More, ImmutableArray<NodeSummary> Nodes);
