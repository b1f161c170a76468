using System.Globalization;
using System.Text.Json.Nodes;
using static Fleet.Cli.Docs.Figure;

namespace Fleet.Cli.Docs;

/// <summary>
/// RELIABILITY.md's tables, from the JSON the reliability tests write when <c>FLEET_FIGURES</c> names a directory
/// (<c>tests/Fleet.Testing/Figures.cs</c>) and from <c>fleet soak</c>'s JSON.
/// </summary>
internal static class ReliabilityViews
{
    /// <summary>The EC2-fault churn runs (<c>Ec2FaultTests</c>), one row per run.</summary>
    public static string Ec2Faults(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("Run (`<test>`)", "Faults drawn by Fleet", "Fleet calls", "Throttled", "Settle, EC2 s (out / in / churn / janitor)",
            "Reports (failed)", "ENIs created", "Leaked / duplicated / released in use / evicted / off target / refused").Right(2, 3, 5, 6);
        foreach (var f in files)
        {
            table.Row($"{f.Text("name")} (`{Short(f.Text("test"))}`)", Faults(f), Count(f.Number("fleetCalls")), Throttled(f), Phases(f),
                $"{Count(f.Number("reports"))} ({Count(f.Number("failedReports"))})", Count(f.Number("enisCreated")), Clean(f));
        }

        return table.ToString();
    }

    /// <summary>The process-fault runs (<c>ProcessFaultTests</c>), one row per run.</summary>
    public static string ProcessFaults(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("Fault (`<test>`)", "Nodes at target when struck", "Reports (failed)", "Recovered, wall s", "Fleet calls",
            "Settle, EC2 s (out / in / janitor)", "ENIs created (deleted)", "Leaked / duplicated / released in use / evicted / off target / refused").Right(2, 3, 4);
        foreach (var f in files)
        {
            table.Row($"{f.Text("name")} (`{Short(f.Text("test"))}`)", $"{Count(f.Number("atTargetWhenStruck"))} of {Count(f.Number("nodes"))}",
                $"{Count(f.Number("reports"))} ({Count(f.Number("failedReports"))})", Seconds(f.Number("recoverSeconds"), 2), Count(f.Number("fleetCalls")),
                Phases(f), $"{Count(f.Number("enisCreated"))} ({Count(f.Number("enisDeleted"))})", Clean(f));
        }

        return table.ToString();
    }

    /// <summary><c>fleet soak</c>'s summary.</summary>
    public static string Soak(IReadOnlyList<Figure> files)
    {
        var f = files.Count == 1 ? files[0] : throw new DocTableException($"view 'soak' renders one file; {files.Count} given");
        var samples = f.Items("samples");
        var warmUp = TimeSpan.Parse(f.Text("options.warmUp"), CultureInfo.InvariantCulture).TotalMinutes;
        var after = samples.Where(s => Req(s, "minute", f.Path).GetValue<double>() >= warmUp).ToList();
        double Heap(JsonNode s) => Req(s, "heapMb", f.Path).GetValue<double>();
        var faults = (f.Get("faultsDrawn") as JsonObject ?? []).Select(kv => $"{Count(kv.Value!.GetValue<double>())} {kv.Key}");
        var checks = f.Get("checks");
        return new MarkdownTable("Figure", "Value")
            .Row("Scenario", $"{f.Number("options.nodes")} nodes, {f.Text("options.duration")} at {f.Number("options.compression")}×, faults {Ratio(100 * f.Number("options.faultRate"), "0")} %, seed {f.Number("options.seed")}")
            .Row("Wall time", $"{Seconds(f.Number("wallSeconds"))} s")
            .Row("Agent reports (failed, refused)", $"{Count(f.Number("reports"))} ({Count(f.Number("failedReports"))}, {Count((f.Get("refusals") as JsonObject ?? []).Sum(r => r.Value!.GetValue<double>()))})")
            .Row("Node changes (reports whose demand changed)", Count(f.Number("nodeChanges")))
            .Row("Instances launched", Count(f.Number("nodesLaunched")))
            .Row("Fleet's EC2 calls", Count(f.Number("fleetCalls")))
            .Row("Faults drawn by Fleet", string.Join(", ", faults))
            .Row($"Managed heap after the {warmUp:0}-minute warm-up", $"{Ratio(Heap(after[0]))} MiB at minute {Req(after[0], "minute", f.Path)} → {Ratio(Heap(after[^1]))} MiB at minute {Req(after[^1], "minute", f.Path)}: **{(f.Number("memoryGrowthPercent") >= 0 ? "+" : "")}{Ratio(f.Number("memoryGrowthPercent"))} %** (range {Ratio(after.Min(Heap))}–{Ratio(after.Max(Heap))} MiB)")
            .Row("Grain activations", $"{Req(samples[0], "activations", f.Path)} → {Req(samples[^1], "activations", f.Path)}")
            .Row("Calls per node change, first / second half", $"{Ratio(f.Number("callsPerChangeFirstHalf"), "0.000")} / {Ratio(f.Number("callsPerChangeSecondHalf"), "0.000")}")
            .Row("Duplicate addresses, released in use, leaked ENIs, violations",
                $"{Req(checks, "duplicateAddresses", f.Path)}, {Req(checks, "releasedInUse", f.Path)}, {Req(checks, "leakedEnis", f.Path)}, {((Req(checks, "violations", f.Path) as JsonArray)?.Count ?? 0)}")
            .ToString();
    }

    /// <summary>One impaired zone (<c>ZoneIsolationTests</c>): the healthy zone's nodes against a run without the fault, the impaired zone's recovery.</summary>
    public static string ZoneIsolation(IReadOnlyList<Figure> files)
    {
        var f = files.Count == 1 ? files[0] : throw new DocTableException($"view 'zone-isolation' renders one file; {files.Count} given");
        var table = new MarkdownTable("Run", "Zone", "Nodes", "Capacity calls", "Failed calls", "Pod wait p50 / p99 / max (EC2 s)", "Back at target after the zone returned (EC2 s)", "Leaked ENIs")
            .Right(2, 3, 4, 5, 6, 7);
        foreach (var run in f.Items("runs"))
        {
            foreach (var zone in Req(run, "zones", f.Path) as JsonArray ?? [])
            {
                var recovered = zone!["recoveredAfterSeconds"];
                table.Row(Req(run, "name", f.Path).GetValue<string>(), $"{Req(zone, "zone", f.Path)}{((bool)zone["impaired"]! ? " (impaired)" : "")}",
                    Count(Req(zone, "nodes", f.Path).GetValue<double>()), Count(Req(zone, "capacityCalls", f.Path).GetValue<double>()),
                    Count(Req(zone, "failedCalls", f.Path).GetValue<double>()),
                    string.Join(" / ", new[] { "p50", "p99", "max" }.Select(q => Seconds(Req(zone, "podWait." + q, f.Path).GetValue<double>()))),
                    recovered is null ? "—" : Seconds(recovered.GetValue<double>()), Count(Req(run, "leakedEnis", f.Path).GetValue<double>()));
            }
        }

        return table.ToString();
    }

    /// <summary>Fleet against moto_server (<c>Fleet.Moto.Tests</c>): secondary-IP nodes, and prefix mode that moto does not implement.</summary>
    public static string Moto(IReadOnlyList<Figure> files)
    {
        var table = new MarkdownTable("Case", "Result");
        foreach (var f in files)
        {
            if (f.Find("nodes") is JsonArray nodes)
            {
                foreach (var n in nodes)
                {
                    var calls = (Req(n!, "calls", f.Path) as JsonObject ?? []).Select(kv => $"{kv.Key} {kv.Value}");
                    table.Row($"{f.Text("engine")}, secondary IPs: used {Req(n!, "used", f.Path)}, first-interface-index {Req(n!, "firstInterfaceIndex", f.Path)}",
                        $"Ready: {Req(n!, "usable", f.Path)} usable addresses on {Req(n!, "enis", f.Path)} ENIs, none an ENI's primary, each a secondary moto holds; calls: {string.Join(", ", calls)}");
                }
            }
            else
            {
                table.Row($"{f.Text("engine")}, prefix mode (accepts a prefix count, assigns nothing)",
                    $"Blocked after **{Count(f.Number("assignCallsUntilBlocked"))}** AssignPrivateIpAddresses (`NoProgressLimit` {Count(f.Number("noProgressLimit"))}), "
                    + $"{Seconds(f.Number("secondsUntilBlocked"))} s after the first report; {Count(f.Number("callsWhileBlocked"))} calls during {Count(f.Number("reportsWhileBlocked"))} reports while blocked; "
                    + $"detail: \"{f.Text("detail")}\"; with `prefixDelegation: off`: Ready, {Count(f.Number("availableAfterSwitchingToSecondaryIps"))} addresses");
            }
        }

        return table.ToString();
    }

    /// <summary>No node forgotten (<c>ForgottenNodeTests</c>): a scale-up through a silo restart and janitor sweeps.</summary>
    public static string ForgottenNode(IReadOnlyList<Figure> files)
    {
        var f = files.Count == 1 ? files[0] : throw new DocTableException($"view 'forgotten-node' renders one file; {files.Count} given");
        return new MarkdownTable("Nodes", "Silo 1 killed (EC2 s after the joins began)", "Every node at its target (EC2 s after the joins began)", "Fleet calls (throttled)",
                "ENIs created / deleted by the janitor", "Violations / refused reports")
            .Right(1, 2, 3)
            .Row($"{Count(f.Number("nodesBefore"))} → {Count(f.Number("nodesBefore") + f.Number("nodesJoining"))} ({Count(f.Number("nodesAtTarget"))} at target)",
                Seconds(f.Number("siloKilledAfterSeconds")), Seconds(f.Number("allAtTargetAfterSeconds")), $"{Count(f.Number("fleetCalls"))} ({Count(f.Number("throttled"))})",
                $"{Count(f.Number("enisCreated"))} / {Count(f.Number("janitorDeleted"))}", $"{Count(f.Number("violations"))} / {Count(f.Number("refused"))}")
            .ToString();
    }

    private static string Faults(Figure f)
    {
        var drawn = (f.Get("faults") as JsonObject ?? []).Select(kv => $"{Count(kv.Value!.GetValue<double>())} {kv.Key}").ToList();
        if (f.Number("neighbourCalls") > 0)
        {
            drawn.Add($"neighbour: {Count(f.Number("neighbourCalls"))} calls");
        }

        return drawn.Count == 0 ? "—" : string.Join(", ", drawn);
    }

    private static string Throttled(Figure f) =>
        $"{Count(f.Number("throttled"))} ({Ratio(f.Number("fleetCalls") == 0 ? 0 : 100 * f.Number("throttled") / f.Number("fleetCalls"))} %)";

    private static string Phases(Figure f) => string.Join(" / ", f.Items("phaseSeconds").Select(p => Seconds(p.GetValue<double>())));

    private static string Clean(Figure f) => string.Join(" / ", new[] { "leaked", "duplicates", "releasedInUse", "evicted", "notAtTarget", "refused" }.Select(k => Count(f.Number(k))));

    private static string Short(string test) => test.Split('_') is { Length: > 2 } words ? $"{words[0]}_{words[1]}_…" : test;
}
