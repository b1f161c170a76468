using Fleet.Simulation.Reports;

namespace Fleet.Simulation.Live;

/// <summary>
/// Kills one silo mid-run and measures the interruption: which node grains (and whether the throttle grain) lived
/// there, then, from the kill, how long until every one of those nodes' grains answers again. At the kill every agent
/// recovers as an agent watching the cluster's membership would: it subscribes again (subscriptions live in
/// activations, and pushes routed through the dead silo's gateway are lost) and reads its allocation, retrying every
/// 100 ms of wall time until its node's grain answers (which activates the grain on a surviving silo). Meanwhile the
/// agents keep reporting demand and retry failed reports.
/// </summary>
internal sealed class SiloKiller(LiveCluster cluster, LiveState state, int silo)
{
    /// <summary>The figures, once the kill and the recovery are over.</summary>
    public SiloLossFigures? Figures { get; private set; }

    /// <summary>Kills the silo and waits until every agent has recovered (or two wall minutes pass).</summary>
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
        await Task.WhenAll(state.Agents.Values.Select(a => a.RecoverAsync()));

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
