using Fleet.Simulation.Reports;

namespace Fleet.Simulation.Live;

/// <summary>
/// Kills one silo mid-run and measures the interruption: which node grains (and whether the throttle grain) lived
/// there, then, from the kill, how long until every one of those nodes' grains answers again. Agents keep reporting
/// as usual and retry failed calls; to time the interruption to the nearest 100 ms of wall time, the killer also
/// reads each of those nodes' allocation every 100 ms until it answers (a read activates the grain elsewhere, as
/// the agent's next report would). Every agent subscribes again at its next report, since subscriptions live in
/// activations.
/// </summary>
internal sealed class SiloKiller(LiveCluster cluster, LiveState state, int silo)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);

    /// <summary>The figures, once the kill and the recovery are over.</summary>
    public SiloLossFigures? Figures { get; private set; }

    /// <summary>Kills the silo and waits until the nodes it hosted answer again (or two wall minutes pass).</summary>
    public async Task KillAsync()
    {
        var victim = cluster.Silos[silo];
        var nodes = (await cluster.ActivationsAsync("NodeGrain")).Where(a => a.Silo.Equals(victim.Address)).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var throttle = (await cluster.ActivationsAsync("ThrottleGrain")).Any(a => a.Silo.Equals(victim.Address));
        var agents = state.Agents.Values.Where(a => nodes.Contains(a.Node.InstanceId)).ToList();
        TimeSpan killedWall;
        TimeSpan killedAt;
        lock (state.Gate)
        {
            state.Clock.Sync();
            killedWall = state.Clock.WallElapsed;
            killedAt = state.Recorder.Now;
            foreach (var agent in agents)
            {
                agent.WatchFrom(killedWall);
            }
        }

        await victim.KillAsync();
        foreach (var agent in state.Agents.Values)
        {
            agent.Resubscribe = true;
        }

        while (state.Clock.WallElapsed - killedWall < GiveUp)
        {
            List<LiveAgent> waiting;
            lock (state.Gate)
            {
                waiting = [.. agents.Where(a => a.FirstAnswerSinceWatch is null)];
            }

            if (waiting.Count == 0)
            {
                break;
            }

            await Task.WhenAll(waiting.Select(a => a.ReadAsync()));
            await ScenarioClock.DelayAsync(Poll, CancellationToken.None);
        }

        List<TimeSpan> answered;
        lock (state.Gate)
        {
            answered = [.. agents.Where(a => a.FirstAnswerSinceWatch is not null).Select(a => a.FirstAnswerSinceWatch!.Value)];
        }

        var interruption = answered.Count == 0 ? TimeSpan.Zero : answered.Max() - killedWall;
        Figures = new SiloLossFigures(
            silo,
            Math.Round(killedAt.TotalSeconds, 2),
            agents.Count,
            throttle,
            Math.Round((interruption * state.Clock.Compression).TotalSeconds, 2),
            Math.Round(interruption.TotalSeconds, 3),
            answered.Count);
    }
}
