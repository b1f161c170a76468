using System.Globalization;
using System.Text;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>What a churn run measured, every count read from EC2's state or trail (the emulator's) or from the agents.</summary>
internal sealed record RunFigures
{
    public required string Name { get; init; }

    /// <summary>The test that ran it (RELIABILITY.md names rows by it).</summary>
    public string Test { get; init; } = string.Empty;

    /// <summary>Nodes at their target when a process fault struck (process runs).</summary>
    public int? AtTargetWhenStruck { get; init; }

    public int Nodes { get; init; }

    public int Terminated { get; init; }

    public long Reports { get; init; }

    /// <summary>Reports that failed (an exception: timeout, silo gone); the agent retried.</summary>
    public long FailedReports { get; init; }

    /// <summary>Reports of running nodes Fleet refused (a well-behaved agent's report must never be).</summary>
    public long Refused { get; init; }

    /// <summary>Addresses pods used that Fleet's allocation stopped listing.</summary>
    public int Evicted { get; init; }

    /// <summary>Addresses pods used that EC2 no longer had on their node (sampled during the run and at the end).</summary>
    public int ReleasedInUse { get; init; }

    /// <summary>Addresses or prefixes EC2 had on two ENIs at once (sampled).</summary>
    public int Duplicates { get; init; }

    /// <summary>ENIs of the cluster left detached after the janitor's window.</summary>
    public int Leaked { get; init; }

    /// <summary>Nodes neither at their target in EC2 nor saying why not.</summary>
    public int NotAtTarget { get; init; }

    public int FleetCalls { get; init; }

    /// <summary>Fleet's calls EC2 answered RequestLimitExceeded.</summary>
    public int Throttled { get; init; }

    /// <summary>Faults EC2 answered Fleet with, by kind (InternalError, Unavailable, ResponseLost, NotFound of an ENI).</summary>
    public IReadOnlyDictionary<string, int> Faults { get; init; } = new Dictionary<string, int>();

    /// <summary>EC2-equivalent seconds each phase took to settle: scale-out, scale-in, churn with terminations, janitor.</summary>
    public IReadOnlyList<double> PhaseSeconds { get; init; } = [];

    /// <summary>Distinct ENIs Fleet's CreateNetworkInterface calls returned.</summary>
    public int EnisCreated { get; init; }

    /// <summary>ENIs Fleet deleted (the janitor).</summary>
    public int EnisDeleted { get; init; }

    public long NeighbourCalls { get; init; }

    public int Samples { get; init; }

    /// <summary>Wall seconds from a process fault until every agent's reports succeeded again (process runs).</summary>
    public double? RecoverSeconds { get; init; }

    public IReadOnlyList<string> Violations { get; init; } = [];

    public string Summary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{Name}] nodes {Nodes} (terminated {Terminated}), reports {Reports} (failed {FailedReports}, refused {Refused}); ");
        text.Append(CultureInfo.InvariantCulture, $"leaked ENIs {Leaked}, duplicate addresses {Duplicates}, released in use {ReleasedInUse}, evicted {Evicted}, not at target {NotAtTarget}; ");
        text.Append(CultureInfo.InvariantCulture, $"Fleet calls {FleetCalls}, throttled {Throttled} ({(FleetCalls == 0 ? 0 : 100.0 * Throttled / FleetCalls):0.00} %); ");
        text.Append("faults drawn ").Append(string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))).Append("; ");
        text.Append("settle (EC2 s) ").Append(string.Join(" / ", PhaseSeconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture))));
        if (RecoverSeconds is { } recover)
        {
            text.Append(CultureInfo.InvariantCulture, $"; recovered {recover:0.00} s wall ({recover * 10:0} s EC2 at 10x)");
        }

        text.Append(CultureInfo.InvariantCulture, $"; ENIs created {EnisCreated}, deleted {EnisDeleted}; neighbour calls {NeighbourCalls}; EC2 samples {Samples}");
        return text.ToString();
    }
}
