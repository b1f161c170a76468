using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>A demand report and a spec change: checked first, stored only when valid, answered either way.</summary>
internal static class Reports
{
    public static void OnReport(Turn t, AgentReport report)
    {
        if (NodeClusters.Refusing(t.M, report.Cluster, t.Options) is not null)
        {
            t.Answer(ReportOutcome.OtherCluster, $"node {t.M.InstanceId} belongs to another cluster than {report.Cluster}; nothing was stored");
            return;
        }

        // A list that is canonical, distinct and held by the ENIs as known now is checked by what changed since the last.
        var addresses = Checked(t, report);
        if (DemandValidator.CheckShape(report, inUseChecked: addresses is not null) is { } shape)
        {
            t.Answer(shape.Outcome, shape.Detail);
            return;
        }

        if (t.M.Terminated)
        {
            t.Answer(ReportOutcome.UnknownInstance, $"EC2 says instance {t.M.InstanceId} is terminated");
            return;
        }

        if (t.M.Instance is null && t.L.LastLookup == InstanceLookup.Missing && t.L.ReadBackoffUntil > t.Now)
        {
            // EC2 did not show the instance moments ago: answer the same until the re-check, rather than let reports
            // for an unknown id spend the account's describe bucket.
            t.Answer(ReportOutcome.UnknownInstance, $"EC2 does not know instance {t.M.InstanceId} (a new instance can take a few seconds to show: report again)");
            return;
        }

        // The report is checked against the node's instance limits and ENIs, so read them first when they are not known
        // (a new node, or one that moved with ENIs that may be stale); it is answered when the read is answered.
        var read = t.M.Instance is null ? Read.Instance : t.L.NeedsReconcile ? Read.Interfaces : Read.None;
        if (read != Read.None && t.L.Calling is null)
        {
            t.L = t.L with { Unchecked = report };
            if (t.L.Reading == Read.None)
            {
                NodeLoop.StartRead(t, read);
            }

            return;
        }

        Accept(t, report, addresses);
    }

    /// <summary>Checks the report against the node as known now; stores it and brings the node forward when it is valid.</summary>
    /// <param name="t">The turn.</param>
    /// <param name="report">The report.</param>
    /// <param name="addresses">Its in-use list as checked when it arrived, if it was (checked again if the ENIs changed since).</param>
    public static void Accept(Turn t, AgentReport report, CheckedAddresses? addresses = null)
    {
        if (t.L.Unchecked is not null)
        {
            t.L = t.L with { Unchecked = null };
        }

        if (t.M.Node is not { } node)
        {
            t.Answer(ReportOutcome.Ec2Unavailable,
                $"the instance could not be read from EC2 just now ({t.M.LastError?.Message ?? "no answer"}); nothing was stored, report again");
            return;
        }

        report = ReleaseHandshake.DropStaleAcks(t.M, report);
        if (addresses is not null && addresses.Held.Enis != t.M.Enis)
        {
            addresses = Checked(t, report);
        }

        if (DemandValidator.CheckAgainst(report, node, t.M.Spec, inUseChecked: addresses is not null) is { } error)
        {
            t.Answer(error.Outcome, error.Detail);
            return;
        }

        NodeClusters.ClaimOnReport(t, report.Cluster);
        t.M = t.M with
        {
            Trend = t.M.Trend.Observe(t.Now - DateTimeOffset.UnixEpoch, report.Used + report.Pending),
            Demand = new ReportedDemand(report.Demand, report.InUse ?? t.M.Demand?.InUse, t.Now)
            {
                Checked = report.InUse is { } inUse ? addresses ?? CheckedAddresses.Check(t.M.Demand?.Checked, inUse, t.M.Enis) : t.M.Demand?.Checked,
            },
        };
        Peaks.Observe(t, report.Demand);
        if (t.M.Demand.Demand != t.Before.Demand?.Demand)
        {
            t.Edit().LastOutcome = null; // planned for other demand: the views compute afresh until the next plan
        }
        ReleaseHandshake.ApplyAcks(t, report.ReleaseAcks);
        t.Emit(AnswerReport.Accepted);
        NodeLoop.Advance(t);
    }

    /// <summary>The report's in-use list checked against the node's ENIs, when they are known and it passes.</summary>
    private static CheckedAddresses? Checked(Turn t, AgentReport report) =>
        report.InUse is { } inUse && t.M.Instance is not null ? CheckedAddresses.Check(t.M.Demand?.Checked, inUse, t.M.Enis) : null;

    public static void OnSpec(Turn t, NodeSpec spec, string? caller = null)
    {
        if (NodeClusters.Refusing(t.M, caller, t.Options, spec) is { } other)
        {
            t.Emit(new AnswerSpec(new Dictionary<string, string> { ["cluster"] = $"a credential for cluster {caller} cannot act for cluster {other}" })
            {
                RefusedFor = other,
            });
            return;
        }

        spec = NodeClusters.Settle(spec, t.M, caller);
        var errors = SpecValidator.Validate(spec);
        t.Emit(new AnswerSpec(errors));
        if (errors.Count > 0)
        {
            return;
        }

        t.M = t.M with { Spec = spec };
        // A new spec is a new plan: it starts afresh, without the back-off or the count of calls that made no progress.
        t.L = t.L with { LastOutcome = null, CallsWithoutProgress = 0, ProgressCheck = null, BackoffUntil = null, ConsecutiveErrors = 0 };
        t.Emit(RefreshSubnets.Instance); // the spec may name other subnets
        if (t.M.Demand is not null)
        {
            NodeLoop.Advance(t);
        }
    }
}
