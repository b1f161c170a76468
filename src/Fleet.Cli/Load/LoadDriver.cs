using Fleet.Client;

namespace Fleet.Cli.Load;

/// <summary>
/// Drives simulated agents, like Orleans' GPSTracker fake device gateway: every tick each agent moves its pod count
/// one step, reports demand through the Orleans client, and keeps the allocation it is answered with (acknowledging
/// releases none of its pods use, so releases happen too).
/// </summary>
internal sealed class LoadDriver(FleetClient client, IReadOnlyList<SimulatedAgent> agents)
{
    public LoadStats Stats { get; } = new();

    public int Agents => agents.Count;

    public async Task TickAsync()
    {
        await Task.WhenAll(agents.Select(ReportAsync));
        Stats.SetNodes(agents.Select(a => a.Allocation));
    }

    private async Task ReportAsync(SimulatedAgent agent)
    {
        var report = agent.NextReport();
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            var result = await client.ReportDemandAsync(agent.InstanceId, report);
            Stats.Record(result, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
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
