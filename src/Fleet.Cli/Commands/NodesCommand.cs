using System.Collections.Immutable;
using System.CommandLine;
using Fleet.Abstractions.Messages;
using Fleet.Cli.Output;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet nodes</c> lists nodes, page by page from the fleet index; <c>fleet node &lt;id&gt;</c> shows one in detail.</summary>
internal static class NodesCommand
{
    public static Command List(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print the nodes as JSON" };
        var status = new Option<NodeStatus[]>("--status") { Description = "Only nodes in these states (repeatable)", AllowMultipleArgumentsPerToken = true };
        var group = new Option<string[]>("--node-group") { Description = "Only nodes of these groups (a node's group defaults to its instance type)", AllowMultipleArgumentsPerToken = true };
        var type = new Option<string[]>("--instance-type") { Description = "Only nodes of these instance types", AllowMultipleArgumentsPerToken = true };
        var cluster = new Option<string[]>("--cluster")
        {
            Description = "Only nodes of these Kubernetes clusters (default: every cluster, or --as-cluster's)",
            AllowMultipleArgumentsPerToken = true,
        };
        var limit = new Option<int>("--limit") { Description = "Print at most this many nodes (0: all)", DefaultValueFactory = _ => 0 };
        var connection = new ConnectionOptions();
        var command = new Command("nodes", "List the nodes Fleet knows, with demand and capacity") { json, status, group, type, cluster, limit };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) < 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("error: --limit must be 0 or more");
                return ExitCodes.Error;
            }

            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var filter = new NodeQuery(NodeQuery.MaxLimit, null, [.. parse.GetValue(status) ?? []], [.. parse.GetValue(group) ?? []], [.. parse.GetValue(type) ?? []],
                [.. parse.GetValue(cluster) ?? []]);
            var most = parse.GetValue(limit);
            var nodes = ImmutableArray.CreateBuilder<NodeSummary>();
            await foreach (var node in client.EnumerateNodesAsync(filter, most is > 0 and < NodeQuery.MaxLimit ? most : NodeQuery.MaxLimit, cancellationToken))
            {
                nodes.Add(node);
                if (nodes.Count == most)
                {
                    break;
                }
            }

            if (parse.GetValue(json))
            {
                CliConsole.WriteJson(output, nodes.ToImmutable());
            }
            else
            {
                CliConsole.Create(output).Write(NodeRendering.Nodes(nodes));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show(TextWriter output)
    {
        var instance = new Argument<string>("instance-id") { Description = "The EC2 instance id of the node" };
        var json = new Option<bool>("--json") { Description = "Print the node as JSON (the API's problem, when it has one)" };
        var connection = new ConnectionOptions();
        var command = new Command("node", "Show one node: ENIs, prefixes, addresses, pending work, last error") { instance, json };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(instance)!;
            if (NodeLookupProblem.Of(id, null) is { } malformed)
            {
                return await ReportAsync(parse, output, id, malformed);
            }

            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var view = await client.GetNodeAsync(id);
            if (NodeLookupProblem.Of(id, view, client.Options.KubernetesCluster) is { } problem)
            {
                return await ReportAsync(parse, output, id, problem);
            }

            if (parse.GetValue(json))
            {
                CliConsole.WriteJson(output, view);
            }
            else
            {
                CliConsole.Create(output).Write(NodeRendering.View(view));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Prints the problem the HTTP API would answer for this id (same type, title and detail); exit 2 for bad input, 1 otherwise.</summary>
    private static async Task<int> ReportAsync(ParseResult parse, TextWriter output, string id, NodeLookupProblem problem)
    {
        if (parse.GetValue<bool>("--json"))
        {
            CliConsole.WriteJson(output, new { type = problem.Type, title = problem.Title, status = problem.Status, detail = problem.Detail, instanceId = id });
        }

        await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {problem.Title} {problem.Detail}");
        return problem.Status == 400 ? ExitCodes.Error : ExitCodes.Refused;
    }
}
