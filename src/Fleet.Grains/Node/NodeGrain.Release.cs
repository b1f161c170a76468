using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;
using Fleet.Core.Planning;
using Fleet.Grains.Mapping;

namespace Fleet.Grains.Node;

/// <summary>
/// The release handshake (DESIGN §3.4): whole free prefixes (or IPs) are proposed to the agent; they are released only
/// after the agent confirms it will not use them and the release delay has passed, and only if, at that moment, none
/// of their addresses is reported in use. No address in use is ever taken away.
/// </summary>
public sealed partial class NodeGrain
{
    /// <summary>A release that is due now, or a new proposal made; null when nothing is to be released yet.</summary>
    private ReleaseAddresses? ReleaseWanted(PlanOutcome outcome)
    {
        if (!_options.ReleaseExcess || outcome.Status != PlanStatus.TargetMet || State.Demand?.InUse is not { } inUseList)
        {
            return null;
        }

        var node = State.ToNodeState(InstanceId);
        var inUse = inUseList.ToHashSet(StringComparer.Ordinal);
        if (State.Release is null)
        {
            if (ReleaseSelector.Propose(node, State.Spec.ToSpec(), State.Demand.ToDemand(), inUse) is { } proposal)
            {
                State.Release = new ReleaseRecord
                {
                    EniId = proposal.EniId,
                    Prefixes = [.. proposal.Prefixes],
                    Ips = [.. proposal.Ips],
                    ProposedAt = Now,
                };
                LogProposed(_logger, InstanceId, proposal.Prefixes.Length, proposal.Ips.Length, proposal.EniId);
            }

            return null;
        }

        var release = new ReleaseAddresses(State.Release.EniId, [.. State.Release.Prefixes], [.. State.Release.Ips]);
        if (!ReleaseSelector.IsStillSafe(release, node, inUse) || outcome.Targets.Excess < release.Addresses)
        {
            LogReleaseWithdrawn(_logger, InstanceId, State.Release.EniId);
            State.Release = null; // something moved in: propose afresh later
            return null;
        }

        return State.Release.AckedAt is not null && Now - State.Release.ProposedAt >= _options.ReleaseDelay ? release : null;
    }

    /// <summary>The agent confirmed some proposed prefixes and IPs; what it did not confirm is not released.</summary>
    private void ApplyReleaseAcks(IReadOnlyCollection<string>? acks)
    {
        if (State.Release is not { } release || acks is null || acks.Count == 0)
        {
            return;
        }

        var confirmed = acks.ToHashSet(StringComparer.Ordinal);
        release.Prefixes.RemoveAll(p => !confirmed.Contains(p));
        release.Ips.RemoveAll(ip => !confirmed.Contains(ip));
        if (release.Prefixes.Count == 0 && release.Ips.Count == 0)
        {
            State.Release = null;
            return;
        }

        release.AckedAt ??= Now;
    }

    /// <summary>
    /// The agent's next report may still acknowledge what was just released: it was built from the allocation the agent
    /// had before the release. Such an acknowledgement is stale, not foreign: it is dropped rather than refusing the whole
    /// report (and with it the agent's demand). Only what the node released lately and does not hold again is dropped.
    /// </summary>
    private DemandReport DropStaleAcks(DemandReport report)
    {
        if (report.ReleaseAcks is not { Length: > 0 } acks || State.Released.Count == 0 || !acks.Any(State.Released.Contains))
        {
            return report;
        }

        var held = State.Enis.SelectMany(e => e.Prefixes.Concat(e.SecondaryIps)).ToHashSet(StringComparer.Ordinal);
        return report with { ReleaseAcks = [.. acks.Where(a => held.Contains(a) || !State.Released.Contains(a))] };
    }

    private void RememberReleased(ReleaseAddresses released)
    {
        State.Released.AddRange(released.Prefixes.Concat(released.Ips).Where(a => !State.Released.Contains(a)));
        if (State.Released.Count > MaxRemembered)
        {
            State.Released.RemoveRange(0, State.Released.Count - MaxRemembered);
        }
    }

    private const int MaxRemembered = 64;

    private void CancelRelease()
    {
        if (State.Release is not null)
        {
            LogReleaseWithdrawn(_logger, InstanceId, State.Release.EniId);
            State.Release = null;
        }
    }

    private void DropStaleRelease()
    {
        if (State.Release is not { } release)
        {
            return;
        }

        var eni = State.Enis.Find(e => e.Id == release.EniId);
        if (eni is null || !release.Prefixes.All(eni.Prefixes.Contains) || !release.Ips.All(eni.SecondaryIps.Contains))
        {
            State.Release = null;
        }
    }
}
