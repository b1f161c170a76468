using System.Collections.Immutable;
using Fleet.Core.Planning;

namespace Fleet.Core.Node;

/// <summary>
/// The release handshake (DESIGN §3.4): whole free prefixes (or IPs) are proposed to the agent; they are released only
/// after the agent confirms it will not use them and the release delay has passed, and only if, at that moment, none
/// of their addresses is reported in use. No address in use is ever taken away.
/// </summary>
internal static class ReleaseHandshake
{
    private const int MaxRemembered = 64;

    /// <summary>A release that is due now, or a new proposal made; null when nothing is to be released yet.</summary>
    public static ReleaseAddresses? Due(Turn t, PlanOutcome outcome)
    {
        if (!t.Options.ReleaseExcess || outcome.Status != PlanStatus.TargetMet || t.M.Demand?.InUse is not { } inUseList)
        {
            return null;
        }

        var node = t.M.Node!;
        var used = InUse(t.M, inUseList);
        if (t.M.Release is not { } standing)
        {
            if (ReleaseSelector.Propose(node, t.M.Spec, Peaks.Protected(t), used) is { } proposal)
            {
                t.M = t.M with { Release = new ReleaseProposal(proposal, t.Now, null) };
                t.Note(new ReleaseProposed(proposal));
            }

            return null;
        }

        var release = standing.Addresses;
        if (!ReleaseSelector.IsStillSafe(release, node, used) || outcome.Targets.Excess < release.Addresses)
        {
            Cancel(t); // something moved in: propose afresh later
            return null;
        }

        return standing.AckedAt is not null && t.Now - standing.ProposedAt >= t.Options.ReleaseDelay ? release : null;
    }

    /// <summary>
    /// Whether the agent reports an address in use: read from the positions its list was checked at when that was
    /// against the ENIs as they are now (every report of a supplied node comes here), else parsed when first asked.
    /// </summary>
    private static Func<uint, bool> InUse(NodeMemory m, ImmutableArray<string> inUse)
    {
        if (m.Demand?.Checked is { } checkedList && checkedList.InUse == inUse && checkedList.Held.Enis == m.Enis)
        {
            return checkedList.Lists;
        }

        HashSet<uint>? parsed = null;
        return address => (parsed ??= ReleaseSelector.ParseAll(inUse)).Contains(address);
    }

    /// <summary>The agent confirmed some proposed prefixes and IPs; what it did not confirm is not released.</summary>
    public static void ApplyAcks(Turn t, ImmutableArray<string>? acks)
    {
        if (t.M.Release is not { } standing || acks is not { Length: > 0 } confirmed)
        {
            return;
        }

        var release = standing.Addresses;
        var prefixes = release.Prefixes.Where(confirmed.Contains).ToImmutableArray();
        var ips = release.Ips.Where(confirmed.Contains).ToImmutableArray();
        if (standing.AckedAt is not null && prefixes.Length == release.Prefixes.Length && ips.Length == release.Ips.Length)
        {
            return; // confirmed again: nothing changes
        }

        t.M = t.M with
        {
            Release = prefixes.Length == 0 && ips.Length == 0 ? null
                : standing with { Addresses = release with { Prefixes = prefixes, Ips = ips }, AckedAt = standing.AckedAt ?? t.Now },
        };
    }

    /// <summary>
    /// The agent's next report may still acknowledge what was just released: it was built from the allocation the agent
    /// had before the release. Such an acknowledgement is stale, not foreign: it is dropped rather than refusing the whole
    /// report (and with it the agent's demand). Only what the node released lately and does not hold again is dropped.
    /// </summary>
    public static AgentReport DropStaleAcks(NodeMemory m, AgentReport report)
    {
        if (report.ReleaseAcks is not { Length: > 0 } acks || m.Released.IsEmpty || !acks.Any(m.Released.Contains))
        {
            return report;
        }

        return report with { ReleaseAcks = StillHeldOrNotReleased(m, acks) };
    }

    // Apart from DropStaleAcks so that its closure is allocated only for a report that acknowledges a released address.
    private static ImmutableArray<string> StillHeldOrNotReleased(NodeMemory m, ImmutableArray<string> acks)
    {
        var held = m.Enis.SelectMany(e => e.Prefixes.Concat(e.SecondaryIps)).ToHashSet(StringComparer.Ordinal);
        return [.. acks.Where(a => held.Contains(a) || !m.Released.Contains(a))];
    }

    public static void Remember(Turn t, ReleaseAddresses released)
    {
        var all = t.M.Released.AddRange(released.Prefixes.Concat(released.Ips).Where(a => !t.M.Released.Contains(a)));
        t.M = t.M with { Released = all.Length > MaxRemembered ? all.RemoveRange(0, all.Length - MaxRemembered) : all };
    }

    public static void Cancel(Turn t)
    {
        if (t.M.Release is { } standing)
        {
            t.Note(new ReleaseWithdrawn(standing.Addresses.EniId));
            t.M = t.M with { Release = null };
        }
    }

    /// <summary>After a describe: a proposal whose ENI or addresses are gone is dropped.</summary>
    public static void DropStale(Turn t)
    {
        if (t.M.Release is not { } standing)
        {
            return;
        }

        var release = standing.Addresses;
        var eni = t.M.Enis.FirstOrDefault(e => e.Id == release.EniId);
        if (eni is null || !release.Prefixes.All(eni.Prefixes.Contains) || !release.Ips.All(eni.SecondaryIps.Contains))
        {
            t.M = t.M with { Release = null };
        }
    }
}
