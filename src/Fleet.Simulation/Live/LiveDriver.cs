using Fleet.Simulation.Runs;
using Fleet.Simulation.Scenarios;

namespace Fleet.Simulation.Live;

/// <summary>
/// Replays a scenario in wall time scaled by 1/c: each event waits (<see cref="ScenarioClock.UntilAsync"/>) until
/// its scenario time, then joins a node, changes its pods (and its agent reports), terminates it, or kills a silo.
/// Meanwhile a sampler records the timeline as the simulator does (every Duration/720, at least 1 s, of scenario
/// time), reads the trail into the recorder, and has agents whose pods wait without news read their allocation.
/// </summary>
internal sealed class LiveDriver(LiveState state, LiveRegion region, TrailReader trail, Scenario scenario, SimNode[] nodes)
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);
    private readonly List<double> _lateness = [];
    private long _aboveSum;
    private int _samples;
    private int _nextSample;

    /// <summary>Scenario seconds each join and pod event was delivered late.</summary>
    public IReadOnlyList<double> Lateness => _lateness;

    /// <summary>Addresses above target, averaged over the samples so far.</summary>
    public double AboveMean => _samples == 0 ? 0 : (double)_aboveSum / _samples;

    /// <summary>The sampling interval, scenario time.</summary>
    public TimeSpan Interval { get; } = TimeSpan.FromTicks(Math.Max(scenario.Duration.Ticks / 720, TimeSpan.TicksPerSecond));

    /// <summary>
    /// Replays every event; <paramref name="kill"/> runs (without being awaited) at a kill event; <paramref name="progress"/>
    /// gets the fraction of the events' time span replayed (the run settles long before the scenario's end).
    /// </summary>
    public async Task ReplayAsync(IReadOnlyList<LiveEvent> events, Func<Task> kill, Action<double>? progress, CancellationToken cancellationToken)
    {
        Task? killing = null;
        var last = events.Count == 0 ? TimeSpan.Zero : events[^1].At;
        foreach (var e in events)
        {
            await state.Clock.UntilAsync(e.At, cancellationToken);
            switch (e.Kind)
            {
                case LiveEventKind.Kill:
                    killing = Task.Run(kill, cancellationToken);
                    break;
                case LiveEventKind.Leave:
                    lock (state.Gate)
                    {
                        state.Clock.Sync();
                        nodes[e.Node].Leave();
                    }

                    _ = region.TerminateAsync(nodes[e.Node].InstanceId, cancellationToken);
                    break;
                default:
                    Deliver(e);
                    break;
            }

            progress?.Invoke(last > TimeSpan.Zero ? Math.Min(e.At / last, 1) : 1);
        }

        if (killing is not null)
        {
            await killing;
        }
    }

    /// <summary>Samples on schedule until <paramref name="cancellationToken"/> fires.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await state.Clock.UntilAsync(Interval * _nextSample, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<LiveAgent> stale;
            lock (state.Gate)
            {
                Sample();
                var wall = state.Clock.WallElapsed;
                stale = [.. state.Agents.Values.Where(a => a.Node.Active && a.Node.Waiting > 0 && wall - a.LastAnswerWall >= StaleAfter)];
            }

            await Task.WhenAll(stale.Select(a => a.ReadAsync()));
        }
    }

    /// <summary>After the run settled: the remaining samples, up to the scenario's end, are the steady state.</summary>
    public void SampleSteadyStateToEnd()
    {
        lock (state.Gate)
        {
            while (Interval * _nextSample <= scenario.Duration)
            {
                state.Clock.AdvanceTo(Interval * _nextSample);
                Sample();
            }
        }
    }

    private void Sample()
    {
        trail.Read();
        state.Clock.Sync();
        var above = PolicyRun.AboveTarget(nodes);
        _aboveSum += above;
        _samples++;
        state.Recorder.Sample(above);
        _nextSample = Math.Max(_nextSample + 1, (int)(state.Recorder.Now / Interval) + 1);
    }

    private void Deliver(LiveEvent e)
    {
        var node = nodes[e.Node];
        lock (state.Gate)
        {
            state.Clock.Sync();
            _lateness.Add((state.Recorder.Now - e.At).TotalSeconds);
            if (e.Kind == LiveEventKind.Join)
            {
                node.Active = true;
            }
            else if (!node.Active)
            {
                return;
            }
            else
            {
                for (var i = e.From; i < e.To; i++)
                {
                    if (node.Plan.Pods[i].Delta > 0)
                    {
                        node.Arrive();
                    }
                    else
                    {
                        node.Depart();
                    }
                }
            }

            state.Agents[node.InstanceId].DemandChanged();
        }
    }
}
