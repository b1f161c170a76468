using System.Collections.Immutable;
using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Grains.Mapping;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fleet.Silo.Api;

/// <summary>The node endpoints of DESIGN §4 under <c>/api/v1/nodes</c>.</summary>
internal static class NodesEndpoints
{
    public static void MapNodes(this RouteGroupBuilder api)
    {
        var nodes = api.MapGroup("/nodes").WithTags("Nodes");
        nodes.MapPut("/{instanceId}/demand", PutDemandAsync)
            .WithName("ReportDemand").WithSummary("Reports a node's demand; answers its allocation.")
            .Accepts<DemandRequest>("application/json")
            .Produces<NodeAllocation>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        nodes.MapGet("/{instanceId}", GetNodeAsync)
            .WithName("GetNode").WithSummary("A node in detail: allocation, spec, target, work in progress.")
            .Produces<NodeView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        nodes.MapNodeListing();
        nodes.MapPut("/{instanceId}/spec", PutSpecAsync)
            .WithName("SetSpec").WithSummary("Replaces a node's spec (Cilium's names and defaults); answers the node's view.")
            .Accepts<NodeSpecDto>("application/json")
            .Produces<NodeView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/clusters", ClustersAsync).WithTags("Nodes")
            .WithName("ListClusters").WithSummary("The clusters with nodes in the fleet index, and how many (a cluster's token: its own).")
            .Produces<ClusterNodes[]>();
        nodes.MapPut("/{instanceId}/intent", PutIntentAsync)
            .WithName("DeclareIntent").WithSummary("Declares the pods a provisioner launched the node for; the node allocates for them at once. Answers 202 with the node's view.")
            .Accepts<IntentRequest>("application/json")
            .Produces<NodeView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/allocations", AllocationsAsync).WithTags("Nodes")
            .WithName("ListAllocations").WithSummary("Every indexed node's allocation (ENIs, prefixes, IPs), for the fleet page; at most 500.")
            .Produces<NodeAllocation[]>();
    }

    private static async Task<IResult> PutDemandAsync(string instanceId, HttpRequest request, IGrainFactory grains)
    {
        if (BadId(instanceId) is { } badId)
        {
            return badId;
        }

        var (body, problem) = await JsonBody.ReadAsync<DemandRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Validate() is { Count: > 0 } errors)
        {
            return ProblemTypes.ValidationProblem(errors);
        }

        var caller = ApiCaller.Cluster(request.HttpContext);
        var result = await grains.GetGrain<INodeGrain>(instanceId).ReportDemand(body.ToReport() with { Cluster = caller });
        return result.Outcome switch
        {
            DemandOutcome.Accepted => Results.Json(result.Allocation, ApiJson.Options),
            DemandOutcome.OtherCluster => OtherCluster(instanceId, caller!),
            DemandOutcome.UnknownInstance => Refused(StatusCodes.Status404NotFound, ProblemTypes.UnknownInstance, "EC2 does not know this instance.", instanceId, result.Detail),
            DemandOutcome.ExceedsInstanceMaximum => Refused(StatusCodes.Status422UnprocessableEntity, ProblemTypes.ExceedsInstanceMaximum,
                "The demand exceeds what the instance can hold.", instanceId, result.Detail),
            DemandOutcome.ForeignAddress => Refused(StatusCodes.Status422UnprocessableEntity, ProblemTypes.ForeignAddress,
                "An address does not belong to the node.", instanceId, result.Detail),
            DemandOutcome.Ec2Unavailable => Refused(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable,
                "EC2 could not be read just now; retry.", instanceId, result.Detail),
            _ => Refused(StatusCodes.Status400BadRequest, ProblemTypes.InvalidDemand, "The node refused the report.", instanceId, result.Detail),
        };
    }

    private static async Task<IResult> GetNodeAsync(string instanceId, HttpContext context, IGrainFactory grains)
    {
        if (BadId(instanceId) is { } badId)
        {
            return badId;
        }

        var view = await grains.GetGrain<INodeGrain>(instanceId).GetView();
        return NodeLookupProblem.Of(instanceId, view, ApiCaller.Cluster(context)) is { } problem
            ? Refused(problem.Status, problem.Type, problem.Title, instanceId, problem.Detail)
            : Results.Json(view, ApiJson.Options);
    }

    private static async Task<IResult> PutSpecAsync(string instanceId, HttpRequest request, IGrainFactory grains)
    {
        if (BadId(instanceId) is { } badId)
        {
            return badId;
        }

        var (spec, problem) = await JsonBody.ReadAsync<NodeSpecDto>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (NodeSpecMapping.Check(spec!, out _) is { Count: > 0 } errors)
        {
            return ProblemTypes.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal));
        }

        var node = grains.GetGrain<INodeGrain>(instanceId);
        if (ApiCaller.Cluster(request.HttpContext) is not { } caller)
        {
            return Results.Json(await node.SetSpec(spec!), ApiJson.Options);
        }

        try
        {
            return Results.Json(await node.SetSpecFor(spec!, caller), ApiJson.Options);
        }
        catch (OtherClusterException)
        {
            return OtherCluster(instanceId, caller);
        }
    }

    private static async Task<IResult> PutIntentAsync(string instanceId, HttpRequest request, IGrainFactory grains)
    {
        if (BadId(instanceId) is { } badId)
        {
            return badId;
        }

        var (body, problem) = await JsonBody.ReadAsync<IntentRequest>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Validate() is { Count: > 0 } errors)
        {
            return ProblemTypes.ValidationProblem(errors);
        }

        var node = grains.GetGrain<INodeGrain>(instanceId);
        if (ApiCaller.Cluster(request.HttpContext) is { } caller && await node.GetView() is var view
            && (view.Allocation.Status != NodeStatus.Unknown || view.Spec.Cluster is not null) && view.Cluster != caller)
        {
            return OtherCluster(instanceId, caller); // a node another cluster claimed (a report or a spec naming it)
        }

        var result = await node.DeclareIntent(body.Pods!.Value);
        return result.Status switch
        {
            IntentStatus.Accepted => Results.Json(result.Node, ApiJson.Options, statusCode: StatusCodes.Status202Accepted),
            IntentStatus.UnknownInstance => Refused(StatusCodes.Status404NotFound, ProblemTypes.UnknownInstance, "EC2 does not know this instance.", instanceId, result.Detail),
            IntentStatus.OutOfRange => Refused(StatusCodes.Status400BadRequest, ProblemTypes.IntentOutOfRange,
                "The pods are more than the node can hold.", instanceId, result.Detail),
            _ => Refused(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "EC2 could not be read just now; retry.", instanceId, result.Detail),
        };
    }

    private static async Task<IResult> ClustersAsync(HttpContext context, IGrainFactory grains)
    {
        var clusters = await grains.GetGrain<IFleetIndexGrain>("default").Clusters();
        var caller = ApiCaller.Cluster(context);
        return Results.Json(caller is null ? clusters : [.. clusters.Where(c => c.Cluster == caller)], ApiJson.Options);
    }

    private static async Task<IResult> AllocationsAsync(HttpContext context, IGrainFactory grains)
    {
        var query = ApiCaller.Cluster(context) is { } caller ? new NodeQuery(500, Clusters: [caller]) : new NodeQuery(500);
        var page = await grains.GetGrain<IFleetIndexGrain>("default").Page(query);
        var allocations = await Task.WhenAll(page.Nodes.Select(n => grains.GetGrain<INodeGrain>(n.InstanceId).GetAllocation()));
        return Results.Json(allocations, ApiJson.Options);
    }

    private static IResult? BadId(string instanceId) =>
        InstanceIds.IsValid(instanceId) ? null : NodeLookupProblem.InvalidInstanceId(instanceId) is var p ? ProblemTypes.Problem(p.Status, p.Type, p.Title, p.Detail) : null;

    private static IResult OtherCluster(string instanceId, string caller)
    {
        var problem = NodeLookupProblem.OtherCluster(instanceId, caller);
        return Refused(problem.Status, problem.Type, problem.Title, instanceId, problem.Detail);
    }

    private static IResult Refused(int status, string type, string title, string instanceId, string detail) =>
        ProblemTypes.Problem(status, type, title, detail, new Dictionary<string, object?> { ["instanceId"] = instanceId });
}
