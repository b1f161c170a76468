using System.CommandLine;
using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Cli.Output;
using Spectre.Console;

namespace Fleet.Cli.Commands;

/// <summary><c>fleet demand &lt;instance-id&gt; --used N</c>: report a node's demand, as its agent would, and show its allocation.</summary>
internal static class DemandCommand
{
    public static Command Create(TextWriter output)
    {
        var instance = new Argument<string>("instance-id") { Description = "The EC2 instance id of the node" };
        var used = new Option<int>("--used") { Description = "Addresses held by running pods", Required = true };
        var pending = new Option<int>("--pending") { Description = "Pods waiting for an address", DefaultValueFactory = _ => 0 };
        var inUse = new Option<string[]>("--in-use") { Description = "Addresses in use (enables releases)", AllowMultipleArgumentsPerToken = true };
        var acks = new Option<string[]>("--ack") { Description = "Prefixes/IPs of the release proposal the agent will not use", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var connection = new ConnectionOptions();
        var command = new Command("demand", "Report a node's demand and print its allocation") { instance, used, pending, inUse, acks, json };
        connection.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var client = await connection.ConnectAsync(parse, cancellationToken);
            if (client is null)
            {
                return ExitCodes.Error;
            }

            var report = new DemandReport(
                parse.GetValue(used),
                parse.GetValue(pending),
                parse.GetValue(inUse) is { Length: > 0 } u ? [.. u] : null,
                parse.GetValue(acks) is { Length: > 0 } a ? [.. a] : (ImmutableArray<string>?)null);
            var result = await client.ReportDemandAsync(parse.GetValue(instance)!, report);
            if (parse.GetValue(json))
            {
                CliConsole.WriteJson(output, result);
            }
            else
            {
                var console = CliConsole.Create(output);
                if (result.Outcome != DemandOutcome.Accepted)
                {
                    console.MarkupLine($"[red]refused ({result.Outcome}):[/] {Markup.Escape(result.Detail)}");
                }
                else
                {
                    console.Write(NodeRendering.Allocation(result.Allocation));
                }
            }

            return result.Outcome switch
            {
                DemandOutcome.Accepted => ExitCodes.Ok,
                DemandOutcome.Ec2Unavailable => ExitCodes.Error, // not a refusal: try again
                _ => ExitCodes.Refused,
            };
        });
        return command;
    }
}
