using Fleet.Client;

namespace Fleet.Cli.Load;

/// <summary>
/// Drives simulated agents, like Orleans' GPSTracker fake device gateway: every tick each agent moves its pod count
/// one step, reports demand through the Orleans client, and keeps the allocation it is answered with (acknowledging
/// releases none of its pods use, so releases happen too). Real agents are not synchronised: a tick's reports are sent
/// in <see cref="Slices"/> groups spread over the interval, not all at once, so 10,000 agents do not arrive as one
/// burst whose queue would be all the latency measured.
/// </summary>
internal sealed class LoadDriver(FleetClient client, IReadOnlyList<SimulatedAgent> agents, TimeProvider time)
{
    /// <summary>Groups a tick's reports are spread into (fewer when there are fewer agents).</summary>
    public const int Slices = 20;

    public LoadStats Stats { get; } = new();

    public int Agents => agents.Count;

    /// <summary>Sends every agent's report once, spread over <paramref name="interval"/>; returns when all are answered.</summary>
    public async Task TickAsync(TimeSpan interval, CancellationToken cancellationToken = default)
    {
        var slices = Math.Min(Slices, agents.Count);
        var sent = new List<Task>(slices);
        for (var s = 0; s < slices; s++)
        {
            if (s > 0)
            {
                try
                {
                    await Task.Delay(interval / slices, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            var slice = s;
            sent.Add(Task.WhenAll(agents.Where((_, i) => i % slices == slice).Select(ReportAsync)));
        }

        await Task.WhenAll(sent);
        Stats.SetNodes(agents.Select(a => a.Allocation));
    }

    private async Task ReportAsync(SimulatedAgent agent)
    {
        var report = agent.NextReport();
        var started = time.GetTimestamp();
        try
        {
            var result = await client.ReportDemandAsync(agent.InstanceId, report);
            Stats.Record(result, time.GetElapsedTime(started).TotalMilliseconds);
            if (result.Outcome == Abstractions.Messages.DemandOutcome.Accepted)
            {
                agent.Allocation = result.Allocation;
            }
            else
            {
                agent.Forget(); // the node refused what the agent believed in use: start from the allocation again
                agent.Allocation = result.Allocation;
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            Stats.RecordError(e);
        }
    }
}
