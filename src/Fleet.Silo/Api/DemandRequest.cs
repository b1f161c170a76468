using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Fleet.Abstractions.Messages;

namespace Fleet.Silo.Api;

/// <summary>The body of <c>PUT /api/v1/nodes/{instanceId}/demand</c>.</summary>
public sealed record DemandRequest
{
    /// <summary>The most pods (used or pending) a report may name: more than any instance type holds.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The most release acknowledgements in one report.</summary>
    public const int MaxAcks = 10_000;

    /// <summary>Addresses held by running pods (required, 0 to 100000).</summary>
    public int? Used { get; init; }

    /// <summary>Pods waiting for an address (0 to 100000, default 0).</summary>
    public int? Pending { get; init; }

    /// <summary>The IPv4 addresses in use, when the agent knows them (at most 100000); without it Fleet never releases anything.</summary>
    public IReadOnlyList<string>? InUse { get; init; }

    /// <summary>Prefixes (<c>a.b.c.d/28</c>) and IPs from the node's release proposal that the agent will not use (at most 10000).</summary>
    public IReadOnlyList<string>? ReleaseAcks { get; init; }

    /// <summary>Every field's problems; empty when valid.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Used is null)
        {
            errors["used"] = ["is required"];
        }
        else if (Used is < 0 or > MaxCount)
        {
            errors["used"] = [$"must be between 0 and {MaxCount}"];
        }

        if (Pending is < 0 or > MaxCount)
        {
            errors["pending"] = [$"must be between 0 and {MaxCount}"];
        }

        CheckList(errors, "inUse", InUse, MaxCount, IsIpv4, "is not an IPv4 address");
        CheckList(errors, "releaseAcks", ReleaseAcks, MaxAcks, a => IsIpv4(a) || IsPrefix28(a), "is neither an IPv4 address nor an aligned /28 prefix");
        return errors;
    }

    /// <summary>The grain message (call after <see cref="Validate"/> found nothing).</summary>
    public DemandReport ToReport() =>
        new(Used ?? 0, Pending ?? 0, InUse is null ? null : [.. InUse], ReleaseAcks is null ? null : [.. ReleaseAcks]);

    private static void CheckList(Dictionary<string, string[]> errors, string name, IReadOnlyList<string>? items, int max, Func<string, bool> valid, string message)
    {
        if (items is null)
        {
            return;
        }

        if (items.Count > max)
        {
            errors[name] = [$"must have at most {max} entries; it has {items.Count}"];
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count && errors.Count < 20; i++)
        {
            if (items[i] is null || !valid(items[i]))
            {
                errors[$"{name}[{i}]"] = [message];
            }
            else if (!seen.Add(items[i]))
            {
                errors[$"{name}[{i}]"] = ["is listed twice"];
            }
        }
    }

    private static bool IsIpv4(string text) =>
        text.Length <= 15 && text.Count(c => c == '.') == 3 && IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
        && ip.ToString() == text;

    private static bool IsPrefix28(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || parts[1] != "28" || !IsIpv4(parts[0]))
        {
            return false;
        }

        var bytes = IPAddress.Parse(parts[0]).GetAddressBytes();
        return (bytes[3] & 0x0F) == 0;
    }
}
