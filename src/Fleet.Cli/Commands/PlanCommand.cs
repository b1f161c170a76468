using System.CommandLine;
using Fleet.Cli.Output;
using Fleet.Core.Catalog;
using Fleet.Core.Model;
using Fleet.Core.Planning;

namespace Fleet.Cli.Commands;

/// <summary>
/// <c>fleet plan</c>: the calls Fleet would make for a freshly launched node (eth0 with its primary IP only) until
/// its target is met, with the lower bound. Nothing is sent to EC2.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter output)
    {
        var instanceType = new Option<string>("--instance-type") { Description = "EC2 instance type, e.g. m5.large", Required = true };
        var prefix = new Option<bool?>("--prefix-delegation")
        {
            Description = "Use /28 prefixes (true) or secondary IPs (false); default: prefixes where the type supports them",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var used = NonNegative("--used", "Addresses in use by pods", 0);
        var pending = NonNegative("--pending", "Pods waiting for an address", 0);
        var preAllocate = NonNegative("--pre-allocate", "Free addresses to keep (0 = Cilium's default, 8)", NodeSpec.DefaultPreAllocate);
        var minAllocate = NonNegative("--min-allocate", "Least addresses to hold", 0);
        var maxAllocate = NonNegative("--max-allocate", "Most addresses to hold (0 = instance maximum)", 0);
        var maxAboveWatermark = NonNegative("--max-above-watermark", "Extra addresses a call may fetch beyond the target", 0);
        var firstInterfaceIndex = NonNegative("--first-interface-index", "ENIs below this device index are not used for pods", 0);
        var usePrimary = new Option<bool>("--use-primary-address") { Description = "Hand each ENI's primary address to pods too" };
        var noDot = new Option<bool>("--no-delete-on-termination") { Description = "Do not set DeleteOnTermination on new ENIs" };
        var json = new Option<bool>("--json") { Description = "Print the steps and totals as JSON" };

        var command = new Command("plan", "Show the EC2 calls Fleet would make for a fresh node, and the lower bound")
        {
            instanceType, prefix, used, pending, preAllocate, minAllocate, maxAllocate, maxAboveWatermark,
            firstInterfaceIndex, usePrimary, noDot, json,
        };

        command.SetAction(parse =>
        {
            var type = parse.GetValue(instanceType)!;
            if (!InstanceTypeCatalog.Embedded.TryGet(type, out var limits))
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"error: unknown instance type '{type}' (the catalog holds {InstanceTypeCatalog.Embedded.Count} types, e.g. m5.large).");
                return 2;
            }

            var spec = new NodeSpec
            {
                PreAllocate = parse.GetValue(preAllocate),
                MinAllocate = parse.GetValue(minAllocate),
                MaxAllocate = parse.GetValue(maxAllocate),
                MaxAboveWatermark = parse.GetValue(maxAboveWatermark),
                FirstInterfaceIndex = parse.GetValue(firstInterfaceIndex),
                UsePrimaryAddress = parse.GetValue(usePrimary),
                DeleteOnTermination = !parse.GetValue(noDot),
                PrefixDelegation = parse.GetValue(prefix) switch
                {
                    true => PrefixDelegation.On,
                    false => PrefixDelegation.Off,
                    null => PrefixDelegation.Auto,
                },
            };

            var demand = new Demand(parse.GetValue(used), parse.GetValue(pending));
            var node = FreshNode.Create("i-0plan", limits);
            var result = DryRun.Run(new PlanningContext(node, spec, demand));
            if (parse.GetValue(json))
            {
                PlanJson.Write(output, limits, spec, demand, result);
            }
            else
            {
                PlanTable.Write(output, limits, spec, demand, result);
            }

            return result.Final.Status == PlanStatus.Blocked && result.Steps.Length == 0 ? 1 : 0;
        });

        return command;
    }

    private static Option<int> NonNegative(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            // A value that is not a number is reported by the parser itself; here only the range is checked.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out var value) && value < 0)
            {
                result.AddError($"{name} must be 0 or more.");
            }
        });
        return option;
    }
}
