using System.Globalization;
using Fleet.Abstractions.Messages;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fleet.Cli.Output;

/// <summary>Tables for nodes, allocations and the throttle.</summary>
internal static class NodeRendering
{
    public static Table Nodes(IEnumerable<NodeSummary> nodes)
    {
        var table = new Table().RoundedBorder().Title("nodes")
            .AddColumns("instance", "cluster", "type", "status", "used", "pending", "available", "target", "ENIs", "prefixes", "detail");
        foreach (var n in nodes)
        {
            table.AddRow(n.InstanceId, Markup.Escape(n.Cluster ?? "?"), n.InstanceType ?? "?", Status(n.Status), Number(n.Used), Number(n.Pending),
                Number(n.Available), Number(n.Target), Number(n.Enis), Number(n.Prefixes), Markup.Escape(n.Detail));
        }

        return table;
    }

    public static Table Allocation(NodeAllocation allocation)
    {
        var table = new Table().RoundedBorder()
            .Title($"{allocation.InstanceId}: {Status(allocation.Status)} — {allocation.Available} addresses, {allocation.Used} used, " +
                   $"{allocation.Pending} pending, {allocation.Needed} needed")
            .AddColumns("ENI", "device", "subnet", "primary", "prefixes", "IPs");
        foreach (var eni in allocation.Enis)
        {
            table.AddRow(eni.EniId, Number(eni.DeviceIndex), eni.SubnetId, eni.PrimaryIp, string.Join(' ', eni.Prefixes), string.Join(' ', eni.Ips));
        }

        return table;
    }

    public static IRenderable View(NodeView view)
    {
        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("cluster", Markup.Escape(view.Cluster ?? "?"));
        facts.AddRow("instance type", view.InstanceType ?? "(discovering)");
        facts.AddRow("zone", view.AvailabilityZone ?? "?");
        facts.AddRow("target", Number(view.Target));
        facts.AddRow("spec", Markup.Escape($"pre {view.Spec.PreAllocate}, min {view.Spec.MinAllocate}, max {view.Spec.MaxAllocate}, " +
                                           $"max-above-watermark {view.Spec.MaxAboveWatermark}, first-interface-index {view.Spec.FirstInterfaceIndex}, prefixes {view.Spec.PrefixDelegation}"));
        facts.AddRow("pending work", Markup.Escape(view.PendingWork ?? "none"));
        facts.AddRow("intent in flight", Markup.Escape(view.PendingIntent ?? "none"));
        facts.AddRow("proposed release", Markup.Escape(view.Allocation.ProposedRelease.IsDefaultOrEmpty ? "none" : string.Join(' ', view.Allocation.ProposedRelease)));
        facts.AddRow("last error", Markup.Escape(view.LastError ?? "none"));
        facts.AddRow("calls", Markup.Escape(string.Join(", ", view.Calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))));
        return new Rows(Allocation(view.Allocation), facts);
    }

    public static Table Throttle(ThrottleView throttle)
    {
        var table = new Table().RoundedBorder()
            .Title($"throttle {throttle.Key}: share {throttle.Share:0.##}, {throttle.Waiting} waiting, {throttle.Outstanding} in flight")
            .AddColumns("action", "tokens", "capacity", "refill/s", "critical waiting", "housekeeping waiting", "granted", "returned", "throttled");
        foreach (var b in throttle.Buckets.Where(b => b.Granted > 0 || b.CriticalWaiting > 0 || b.HousekeepingWaiting > 0))
        {
            table.AddRow(b.Action, b.Tokens.ToString("0.0", CultureInfo.InvariantCulture), b.Capacity.ToString("0", CultureInfo.InvariantCulture),
                b.RefillPerSecond.ToString("0.##", CultureInfo.InvariantCulture), Number(b.CriticalWaiting), Number(b.HousekeepingWaiting),
                b.Granted.ToString(CultureInfo.InvariantCulture), b.Returned.ToString(CultureInfo.InvariantCulture),
                b.Throttled > 0 ? $"[red]{b.Throttled}[/]" : "0");
        }

        return table;
    }

    /// <summary>Each cluster's share of the buckets and its use, summed over the buckets; null while one cluster is served.</summary>
    public static Table? Shares(ThrottleView throttle)
    {
        var clusters = throttle.Buckets.SelectMany(b => b.Clusters.Select(c => (Bucket: b, Share: c))).GroupBy(x => x.Share.Cluster, StringComparer.Ordinal).ToList();
        if (clusters.Count < 2)
        {
            return null;
        }

        var table = new Table().RoundedBorder().Title("clusters: shares of every bucket")
            .AddColumns("cluster", "weight", "share", "critical waiting", "housekeeping waiting", "granted");
        foreach (var cluster in clusters)
        {
            var first = cluster.First().Share;
            table.AddRow(Markup.Escape(cluster.Key), first.Weight.ToString("0.##", CultureInfo.InvariantCulture), first.Share.ToString("P0", CultureInfo.InvariantCulture),
                Number(cluster.Sum(x => x.Share.CriticalWaiting)), Number(cluster.Sum(x => x.Share.HousekeepingWaiting)),
                cluster.Sum(x => x.Share.Granted).ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string Status(NodeStatus status) => status switch
    {
        NodeStatus.Ready => "[green]ready[/]",
        NodeStatus.Allocating => "[yellow]allocating[/]",
        NodeStatus.Blocked => "[red]blocked[/]",
        NodeStatus.NotFound => "[red]not found[/]",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
