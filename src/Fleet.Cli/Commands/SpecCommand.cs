using System.CommandLine;
using Fleet.Abstractions.Messages;
using Fleet.Cli.Output;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet spec &lt;instance-id&gt; [--max-pods N] [--node-group G] …</c>: changes the named fields of a node's spec and
/// keeps the others (the spec is read, changed and replaced); prints the node.
/// </summary>
internal static class SpecCommand
{
    public static Command Create(TextWriter output)
    {
        var instance = new Argument<string>("instance-id") { Description = "The EC2 instance id of the node" };
        var maxPods = new Option<int?>("--max-pods") { Description = "The kubelet's max-pods (0: unknown); caps what the node holds and every prior" };
        var group = new Option<string?>("--node-group") { Description = "The node's group, whose peaks size its first calls (empty: its instance type)" };
        var preAllocate = new Option<int?>("--pre-allocate") { Description = "Free addresses kept ahead of demand (Cilium's pre-allocate)" };
        var firstInterface = new Option<int?>("--first-interface-index") { Description = "First ENI index pods may use (1: keep eth0 for the host)" };
        var prefix = new Option<string?>("--prefix-delegation") { Description = "auto, on or off" };
        var json = new Option<bool>("--json") { Description = "Print the node as JSON" };
        var connection = new ConnectionOptions();
        var command = new Command("spec", "Change fields of a node's spec (the others are kept)") { instance, maxPods, group, preAllocate, firstInterface, prefix, json };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(instance)!;
            await using var client = await connection.ConnectForNodeAsync(parse, id, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var spec = (await client.GetNodeAsync(id)).Spec;
            spec = spec with
            {
                MaxPods = parse.GetValue(maxPods) ?? spec.MaxPods,
                NodeGroup = parse.GetValue(group) is { } g ? (g.Length == 0 ? null : g) : spec.NodeGroup,
                PreAllocate = parse.GetValue(preAllocate) ?? spec.PreAllocate,
                FirstInterfaceIndex = parse.GetValue(firstInterface) ?? spec.FirstInterfaceIndex,
                PrefixDelegation = parse.GetValue(prefix) ?? spec.PrefixDelegation,
            };
            NodeView view;
            try
            {
                view = await client.SetSpecAsync(id, spec);
            }
            catch (InvalidSpecException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Error;
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
}
