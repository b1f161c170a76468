using System.Collections.Immutable;
using Fleet.Core.Throttling;
using Fleet.Simulation.Reports;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Runs;

/// <summary>
/// Figures for each cohort of a scenario that names some (<see cref="Scenario.Cohorts"/>: <c>waves</c>' waves): the
/// capacity calls EC2 accepted for the cohort's nodes, and the addresses its active nodes held above their watermarks,
/// averaged over the samples taken while any of them was active.
/// </summary>
internal sealed class CohortRecorder
{
    private readonly ImmutableArray<string> _names;
    private readonly Dictionary<string, int> _cohortOf = new(StringComparer.Ordinal);
    private readonly int[] _nodes;
    private readonly long[] _calls;
    private readonly long[] _aboveSum;
    private readonly int[] _samples;

    private CohortRecorder(Scenario scenario, IReadOnlyList<string> instanceIds)
    {
        _names = scenario.Cohorts;
        _nodes = new int[_names.Length];
        _calls = new long[_names.Length];
        _aboveSum = new long[_names.Length];
        _samples = new int[_names.Length];
        foreach (var plan in scenario.Nodes)
        {
            _cohortOf[instanceIds[plan.Index]] = plan.Cohort;
            _nodes[plan.Cohort]++;
        }
    }

    /// <summary>A recorder for <paramref name="scenario"/>, or null when it names no cohorts.</summary>
    public static CohortRecorder? For(Scenario scenario, IReadOnlyList<string> instanceIds) =>
        scenario.Cohorts.IsDefaultOrEmpty ? null : new CohortRecorder(scenario, instanceIds);

    /// <summary>A call EC2 answered (counted when it is a capacity call it accepted for a node of a cohort).</summary>
    public void Call(Ec2Action bucket, string outcome, string? node)
    {
        if (outcome == "OK" && node is not null && bucket is Ec2Action.AssignPrivateIpAddresses or Ec2Action.CreateNetworkInterface or Ec2Action.AttachNetworkInterface
            && _cohortOf.TryGetValue(node, out var cohort))
        {
            _calls[cohort]++;
        }
    }

    /// <summary>A timeline sample: each cohort with active nodes adds what they hold above their watermarks.</summary>
    public void Sample(IReadOnlyList<SimNode> nodes)
    {
        Span<long> above = stackalloc long[_names.Length];
        Span<bool> active = stackalloc bool[_names.Length];
        foreach (var node in nodes)
        {
            if (node.Active)
            {
                active[node.Plan.Cohort] = true;
                above[node.Plan.Cohort] += Math.Max(node.Capacity - node.Desired, 0);
            }
        }

        for (var c = 0; c < _names.Length; c++)
        {
            if (active[c])
            {
                _aboveSum[c] += above[c];
                _samples[c]++;
            }
        }
    }

    /// <summary>The figures, one per cohort.</summary>
    public ImmutableArray<CohortFigures> Figures() =>
    [
        .. _names.Select((name, c) => new CohortFigures(name, _nodes[c], _calls[c],
            _nodes[c] == 0 ? 0 : Math.Round((double)_calls[c] / _nodes[c], 3),
            _samples[c] == 0 ? 0 : Math.Round((double)_aboveSum[c] / _samples[c], 1), _samples[c])),
    ];
}
