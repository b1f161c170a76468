using System.Buffers;
using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Core.Node;

/// <summary>
/// Checks a demand report before anything is stored: its shape (what the HTTP API and the Orleans client check before
/// sending), then against the node (instance maximum, addresses that are the node's). One place for every entrance.
/// Pure.
/// </summary>
public static class DemandValidator
{
    /// <summary>The most pods (used or pending) a report may name: more than any instance type holds.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The most release acknowledgements in one report.</summary>
    public const int MaxAcks = 10_000;

    /// <summary>
    /// Every problem with the report's own shape, keyed by its wire field name (<c>used</c>, <c>inUse[3]</c>): counts in
    /// range, addresses well formed (canonical dotted IPv4, aligned /28 prefixes), nothing listed twice, lists bounded.
    /// Empty when the shape is valid. The HTTP API answers these as a validation problem; the node refuses the report.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Problems(AgentReport report) => Problems(report, inUseChecked: false);

    /// <summary>The report's shape as a refusal, or null when valid (<see cref="Problems(AgentReport)"/>, in one sentence).</summary>
    public static (ReportOutcome Outcome, string Detail)? CheckShape(AgentReport report) => CheckShape(report, inUseChecked: false);

    /// <summary>
    /// <see cref="CheckShape(AgentReport)"/>, without the in-use list when <paramref name="inUseChecked"/> says it is
    /// known to be canonical and distinct (<see cref="CheckedAddresses"/>).
    /// </summary>
    internal static (ReportOutcome Outcome, string Detail)? CheckShape(AgentReport report, bool inUseChecked) =>
        Problems(report, inUseChecked) is { Count: > 0 } problems
            ? (ReportOutcome.Invalid, string.Join("; ", problems.Take(5).Select(p => $"{p.Key} {p.Value}")))
            : null;

    private static IReadOnlyDictionary<string, string> Problems(AgentReport report, bool inUseChecked)
    {
        if (inUseChecked && report.Used is >= 0 and <= MaxCount && report.Pending is >= 0 and <= MaxCount
            && report.InUse is not { Length: > MaxCount } && report.ReleaseAcks is null)
        {
            return ImmutableDictionary<string, string>.Empty; // the common report, valid without a dictionary
        }


        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (report.Used is < 0 or > MaxCount)
        {
            errors["used"] = $"must be between 0 and {MaxCount}";
        }

        if (report.Pending is < 0 or > MaxCount)
        {
            errors["pending"] = $"must be between 0 and {MaxCount}";
        }

        if (!inUseChecked)
        {
            CheckList(errors, "inUse", report.InUse, MaxCount, IsIpv4, "is not an IPv4 address");
        }

        CheckList(errors, "releaseAcks", report.ReleaseAcks, MaxAcks, a => IsIpv4(a) || IsPrefix(a), "is neither an IPv4 address nor an aligned /28 prefix");
        return errors;
    }

    /// <summary>Checks the report against the node: addresses must be the node's, demand within the instance maximum.</summary>
    public static (ReportOutcome Outcome, string Detail)? CheckAgainst(AgentReport report, NodeState node, NodeSpec spec) =>
        CheckAgainst(report, node, spec, inUseChecked: false);

    /// <summary><see cref="CheckAgainst(AgentReport, NodeState, NodeSpec)"/>, without the in-use list when it is known to be held.</summary>
    internal static (ReportOutcome Outcome, string Detail)? CheckAgainst(AgentReport report, NodeState node, NodeSpec spec, bool inUseChecked)
    {
        var prefixMode = NodeTargets.ResolvePrefixMode(spec, node.Limits, out _);
        var instanceMax = CiliumMath.MaximumAllocatable(node.Limits, spec.FirstInterfaceIndex, prefixMode)
            + (spec.UsePrimaryAddress ? node.Limits.MaxInterfaces : 0);
        if ((long)report.Used + report.Pending > instanceMax)
        {
            return (ReportOutcome.ExceedsInstanceMaximum,
                $"used {report.Used} + pending {report.Pending} exceeds the {instanceMax} addresses a {node.Limits.InstanceType} can hold " +
                $"({(prefixMode ? "prefixes" : "secondary IPs")}, first-interface-index {spec.FirstInterfaceIndex})");
        }

        if (!inUseChecked && report.InUse is { Length: > 0 } inUse)
        {
            var held = HeldIndex.Of(node.Enis);
            foreach (var address in inUse)
            {
                if (!held.Contains(Ipv4.Parse(address)))
                {
                    return (ReportOutcome.ForeignAddress, $"address {address} is reported in use but does not belong to {node.InstanceId}");
                }
            }
        }

        if (report.ReleaseAcks is { Length: > 0 } acks)
        {
            var releasable = node.Enis.SelectMany(e => e.Prefixes.Concat(e.SecondaryIps)).ToHashSet(StringComparer.Ordinal);
            var foreign = acks.FirstOrDefault(a => !releasable.Contains(a));
            if (foreign is not null)
            {
                return (ReportOutcome.ForeignAddress, $"release acknowledgement {foreign} names a prefix or IP {node.InstanceId} does not hold");
            }
        }

        return null;
    }

    private static void CheckList(Dictionary<string, string> errors, string name, ImmutableArray<string>? items, int max, Func<string, bool> valid, string message)
    {
        if (items is not { } list)
        {
            return;
        }

        if (list.Length > max)
        {
            errors[name] = $"must have at most {max} entries; it has {list.Length}";
            return;
        }

        if (AllDistinctAddresses(list))
        {
            return; // the common case, checked without a set of strings
        }

        var seen = new HashSet<string>(list.Length, StringComparer.Ordinal);
        for (var i = 0; i < list.Length && errors.Count < 20; i++)
        {
            if (list[i] is null || !valid(list[i]))
            {
                errors[$"{name}[{i}]"] = message;
            }
            else if (!seen.Add(list[i]))
            {
                errors[$"{name}[{i}]"] = "is listed twice";
            }
        }
    }

    /// <summary>True when every entry is a canonical IPv4 address and none repeats (false says only: look closer).</summary>
    private static bool AllDistinctAddresses(ImmutableArray<string> list)
    {
        var addresses = ArrayPool<uint>.Shared.Rent(Math.Max(list.Length, 1));
        try
        {
            for (var i = 0; i < list.Length; i++)
            {
                if (list[i] is null || !Ipv4.TryParseCanonical(list[i], out addresses[i]))
                {
                    return false;
                }
            }

            var sorted = addresses.AsSpan(0, list.Length);
            sorted.Sort();
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i] == sorted[i - 1])
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(addresses);
        }
    }

    private static bool IsIpv4(string text) => Ipv4.TryParseCanonical(text, out _);

    private static bool IsPrefix(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && text.AsSpan(slash + 1) is "28"
            && Ipv4.TryParseCanonical(text.AsSpan(0, slash), out var network) && (network & 0x0F) == 0;
    }
}
