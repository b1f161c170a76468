using System.Text.Json.Nodes;

namespace Fleet.Cli.Tests;

/// <summary><c>fleet plan</c>: the calls for a fresh node, as the foundation issue's "must show" asks.</summary>
public sealed class PlanCommandTests
{
    [Fact]
    public async Task MinAllocate45_FirstInterfaceIndex0_is_one_assign_of_three_prefixes_in_json()
    {
        var (exit, output, _) = await CliRun.RunAsync("plan", "--instance-type", "m5.large", "--prefix-delegation", "--min-allocate", "45",
            "--first-interface-index", "0", "--json");

        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;
        var step = Assert.Single(json["steps"]!.AsArray())!;
        Assert.Equal(("AssignPrivateIpAddresses", "prefix", 3, 48),
            (step["action"]!.GetValue<string>(), step["kind"]!.GetValue<string>(), step["count"]!.GetValue<int>(), step["addressesAfter"]!.GetValue<int>()));
        Assert.Equal((1, 1), (json["totals"]!["criticalCalls"]!.GetValue<int>(), json["totals"]!["lowerBound"]!.GetValue<int>()));
    }

    [Fact]
    public async Task MinAllocate45_FirstInterfaceIndex1_is_create_and_attach_with_modify_as_housekeeping()
    {
        var (exit, output, _) = await CliRun.RunAsync("plan", "--instance-type", "m5.large", "--prefix-delegation", "--min-allocate", "45",
            "--first-interface-index", "1", "--json");

        Assert.Equal(0, exit);
        var steps = JsonNode.Parse(output)!["steps"]!.AsArray();
        Assert.Equal(
            ["CreateNetworkInterface/critical", "AttachNetworkInterface/critical", "ModifyNetworkInterfaceAttribute/housekeeping"],
            steps.Select(s => $"{s!["action"]}/{s["path"]}"));
        Assert.Equal(3, steps[0]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task MinAllocate200_FirstInterfaceIndex1_meets_the_lower_bound_and_stays_within_Cilium_after_44154()
    {
        var (_, output, _) = await CliRun.RunAsync("plan", "--instance-type", "m5.large", "--prefix-delegation", "--min-allocate", "200",
            "--first-interface-index", "1", "--json");

        var totals = JsonNode.Parse(output)!["totals"]!;
        Assert.Equal((4, 4), (totals["criticalCalls"]!.GetValue<int>(), totals["lowerBound"]!.GetValue<int>()));
        Assert.True(totals["mutatingCalls"]!.GetValue<int>() <= 6);
    }

    [Fact]
    public async Task Table_output_names_the_calls_and_the_lower_bound()
    {
        var (exit, output, _) = await CliRun.RunAsync("plan", "--instance-type", "m5.large", "--min-allocate", "45", "--first-interface-index", "1");

        Assert.Equal(0, exit);
        Assert.Contains("CreateNetworkInterface", output, StringComparison.Ordinal);
        Assert.Contains("critical-path calls: 2 (lower bound 2)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--instance-type", "m5.huge")] // unknown type
    [InlineData("--instance-type", "m5.large", "--used", "-3")] // negative
    [InlineData("--instance-type", "m5.large", "--min-allocate", "lots")] // not a number
    public async Task Bad_input_is_refused_with_a_message_and_no_plan(params string[] args)
    {
        var (exit, output, error) = await CliRun.RunAsync(["plan", .. args]);

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("critical-path", output, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error), "an error message is printed");
    }
}
