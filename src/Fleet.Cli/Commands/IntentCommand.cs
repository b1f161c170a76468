using System.CommandLine;
using Fleet.Abstractions.Messages;
using Fleet.Cli.Output;
using Spectre.Console;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet intent &lt;instance-id&gt; --pods N</c>: declare, as a provisioner would, the pods a node was launched for, so
/// Fleet allocates for them before the node's agent reports; prints the node.
/// </summary>
internal static class IntentCommand
{
    public static Command Create(TextWriter output)
    {
        var instance = new Argument<string>("instance-id") { Description = "The EC2 instance id of the node" };
        var pods = new Option<int>("--pods") { Description = "Pods the node was launched for (1–100000; at most its max-pods)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var connection = new ConnectionOptions();
        var command = new Command("intent", "Declare the pods a node was launched for; Fleet allocates for them at once") { instance, pods, json };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(instance)!;
            await using var client = await connection.ConnectForNodeAsync(parse, id, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var result = await client.DeclareIntentAsync(id, parse.GetValue(pods));
            if (parse.GetValue(json))
            {
                CliConsole.WriteJson(output, result);
            }
            else
            {
                var console = CliConsole.Create(output);
                if (result.Status != IntentStatus.Accepted)
                {
                    console.MarkupLine($"[red]refused ({result.Status}):[/] {Markup.Escape(result.Detail)}");
                }
                else
                {
                    console.Write(NodeRendering.View(result.Node));
                }
            }

            return result.Status switch
            {
                IntentStatus.Accepted => ExitCodes.Ok,
                IntentStatus.Ec2Unavailable => ExitCodes.Error, // not a refusal: try again
                _ => ExitCodes.Refused,
            };
        });
        return command;
    }
}
