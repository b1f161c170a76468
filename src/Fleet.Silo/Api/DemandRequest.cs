using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Node;

namespace Fleet.Silo.Api;

/// <summary>
/// The body of <c>PUT /api/v1/nodes/{instanceId}/demand</c>. Checked by Fleet.Core's <see cref="DemandValidator"/>, the
/// same check the node grain applies to a report from an Orleans client.
/// </summary>
public sealed record DemandRequest
{
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
        var errors = DemandValidator.Problems(new AgentReport(Used ?? 0, Pending ?? 0, InUse is null ? null : [.. InUse], ReleaseAcks is null ? null : [.. ReleaseAcks]))
            .ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal);
        if (Used is null)
        {
            errors["used"] = ["is required"];
        }

        return errors;
    }

    /// <summary>The grain message (call after <see cref="Validate"/> found nothing).</summary>
    public DemandReport ToReport() =>
        new(Used ?? 0, Pending ?? 0, InUse is null ? null : [.. InUse], ReleaseAcks is null ? null : [.. ReleaseAcks]);
}
