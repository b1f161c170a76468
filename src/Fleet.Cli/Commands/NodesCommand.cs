using System.CommandLine;
using Fleet.Cli.Output;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet nodes</c> lists every node; <c>fleet node &lt;id&gt;</c> shows one in detail.</summary>
internal static class NodesCommand
{
    public static Command List(TextWriter output)
    {
        var json = new Option<bool>("--json") { Description = "Print the nodes as JSON" };
        var connection = new ConnectionOptions();
        var command = new Command("nodes", "List the nodes Fleet knows, with demand and capacity") { json };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var nodes = await client.ListNodesAsync();
            if (parse.GetValue(json))
            {
                CliConsole.WriteJson(output, nodes);
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
        var json = new Option<bool>("--json") { Description = "Print the node as JSON" };
        var connection = new ConnectionOptions();
        var command = new Command("node", "Show one node: ENIs, prefixes, addresses, pending work, last error") { instance, json };
        connection.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var view = await client.GetNodeAsync(parse.GetValue(instance)!);
            if (parse.GetValue(json))
            {
                CliConsole.WriteJson(output, view);
            }
            else
            {
                CliConsole.Create(output).Write(NodeRendering.View(view));
            }

            return view.Allocation.Status == Abstractions.Messages.NodeStatus.Unknown ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }
}
