using Fleet.Abstractions.Messages;

namespace Fleet.Cli.Load;

/// <summary>What a load run did so far: reports and their outcomes, node states, report latency.</summary>
internal sealed class LoadStats
{
    private readonly List<double> _latenciesMs = [];

    public int Reports { get; private set; }

    public int Accepted { get; private set; }

    public Dictionary<DemandOutcome, int> Refused { get; } = [];

    public int Errors { get; private set; }

    public string? LastError { get; private set; }

    public Dictionary<NodeStatus, int> Nodes { get; private set; } = [];

    public void Record(DemandResult result, double latencyMs)
    {
        lock (_latenciesMs)
        {
            Reports++;
            _latenciesMs.Add(latencyMs);
            if (result.Outcome == DemandOutcome.Accepted)
            {
                Accepted++;
            }
            else
            {
                Refused[result.Outcome] = Refused.GetValueOrDefault(result.Outcome) + 1;
            }
        }
    }

    public void RecordError(Exception error)
    {
        lock (_latenciesMs)
        {
            Reports++;
            Errors++;
            LastError = error.Message;
        }
    }

    public void SetNodes(IEnumerable<NodeAllocation?> allocations) =>
        Nodes = allocations.Where(a => a is not null).GroupBy(a => a!.Status).ToDictionary(g => g.Key, g => g.Count());

    public (double P50, double P99) LatencyMs()
    {
        lock (_latenciesMs)
        {
            if (_latenciesMs.Count == 0)
            {
                return (0, 0);
            }

            var sorted = _latenciesMs.Order().ToArray();
            return (sorted[sorted.Length / 2], sorted[Math.Min((int)Math.Ceiling(sorted.Length * 0.99) - 1, sorted.Length - 1)]);
        }
    }
}
