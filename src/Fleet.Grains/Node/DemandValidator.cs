using System.Net;
using Fleet.Abstractions.Messages;
using Fleet.Core.Addressing;
using Fleet.Core.Model;
using Fleet.Core.Targets;

namespace Fleet.Grains.Node;

/// <summary>Checks a demand report against the node before anything is stored. Pure.</summary>
internal static class DemandValidator
{
    /// <summary>The most pods a report may claim (no instance holds more addresses).</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>Checks the report's own shape: counts in range, addresses well formed.</summary>
    public static (DemandOutcome Outcome, string Detail)? CheckShape(DemandReport report)
    {
        if (report.Used is < 0 or > MaxCount || report.Pending is < 0 or > MaxCount)
        {
            return (DemandOutcome.Invalid, $"used and pending must be between 0 and {MaxCount}; got used={report.Used}, pending={report.Pending}");
        }

        foreach (var address in report.InUse ?? [])
        {
            if (!IsIpv4(address))
            {
                return (DemandOutcome.Invalid, $"in-use entry '{Truncate(address)}' is not an IPv4 address");
            }
        }

        foreach (var item in report.ReleaseAcks ?? [])
        {
            if (!IsIpv4(item) && !IsPrefix(item))
            {
                return (DemandOutcome.Invalid, $"release acknowledgement '{Truncate(item)}' is neither an IPv4 address nor a /28 prefix");
            }
        }

        if ((report.InUse?.Length ?? 0) > MaxCount)
        {
            return (DemandOutcome.Invalid, "too many in-use addresses");
        }

        return null;
    }

    /// <summary>Checks the report against the node: addresses must be the node's, demand within the instance maximum.</summary>
    public static (DemandOutcome Outcome, string Detail)? CheckAgainst(DemandReport report, NodeState node, NodeSpec spec)
    {
        var prefixMode = NodeTargets.ResolvePrefixMode(spec, node.Limits, out _);
        var instanceMax = CiliumMath.MaximumAllocatable(node.Limits, spec.FirstInterfaceIndex, prefixMode)
            + (spec.UsePrimaryAddress ? node.Limits.MaxInterfaces : 0);
        if ((long)report.Used + report.Pending > instanceMax)
        {
            return (DemandOutcome.ExceedsInstanceMaximum,
                $"used {report.Used} + pending {report.Pending} exceeds the {instanceMax} addresses a {node.Limits.InstanceType} can hold " +
                $"({(prefixMode ? "prefixes" : "secondary IPs")}, first-interface-index {spec.FirstInterfaceIndex})");
        }

        if (report.InUse is { Length: > 0 } inUse)
        {
            var held = HeldAddresses(node);
            var foreign = inUse.FirstOrDefault(a => !held.Contains(Ipv4.Parse(a)));
            if (foreign is not null)
            {
                return (DemandOutcome.ForeignAddress, $"address {foreign} is reported in use but does not belong to {node.InstanceId}");
            }
        }

        if (report.ReleaseAcks is { Length: > 0 } acks)
        {
            var releasable = node.Enis.SelectMany(e => e.Prefixes.Concat(e.SecondaryIps)).ToHashSet(StringComparer.Ordinal);
            var foreign = acks.FirstOrDefault(a => !releasable.Contains(a));
            if (foreign is not null)
            {
                return (DemandOutcome.ForeignAddress, $"release acknowledgement {foreign} names a prefix or IP {node.InstanceId} does not hold");
            }
        }

        return null;
    }

    /// <summary>Every address the node holds: primaries, secondary IPs, and each address of each prefix.</summary>
    public static HashSet<uint> HeldAddresses(NodeState node)
    {
        var held = new HashSet<uint>();
        foreach (var eni in node.Enis)
        {
            held.Add(Ipv4.Parse(eni.PrimaryIp));
            foreach (var ip in eni.SecondaryIps)
            {
                held.Add(Ipv4.Parse(ip));
            }

            foreach (var prefix in eni.Prefixes)
            {
                var (network, length) = Ipv4.ParseCidr(prefix);
                for (uint i = 0; i < 1u << (32 - length); i++)
                {
                    held.Add(network + i);
                }
            }
        }

        return held;
    }

    private static bool IsIpv4(string text) =>
        text.Length <= 15 && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
        && text.Count(c => c == '.') == 3;

    private static bool IsPrefix(string text)
    {
        if (text.Length > 18 || !text.EndsWith("/28", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            Ipv4.ParseCidr(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
