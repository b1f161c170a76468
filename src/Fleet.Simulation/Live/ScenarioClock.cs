using Fleet.Simulation.Engine;

namespace Fleet.Simulation.Live;

/// <summary>
/// Scenario time in a live run: wall time since the run's start × the compression factor, read from
/// <see cref="TimeProvider.System"/> (the live engine is real time by nature). It moves the run's
/// <see cref="EventLoop"/> clock forward, so the recorder and the nodes' pod queues — the same types the
/// discrete-event engine uses — stamp waits and samples in scenario time. Callers hold the run's lock.
/// </summary>
internal sealed class ScenarioClock(EventLoop loop, double compression)
{
    private static readonly TimeProvider s_wall = TimeProvider.System;
    private long _origin;
    private TimeSpan _start;

    /// <summary>The loop time that is scenario time zero.</summary>
    public TimeSpan Start => _start;

    /// <summary>The compression factor.</summary>
    public double Compression => compression;

    /// <summary>Scenario time since the start, from the wall clock.</summary>
    public TimeSpan Elapsed => s_wall.GetElapsedTime(_origin) * compression;

    /// <summary>Wall time since the start.</summary>
    public TimeSpan WallElapsed => s_wall.GetElapsedTime(_origin);

    /// <summary>Scenario time zero is now.</summary>
    public void StartNow()
    {
        _origin = s_wall.GetTimestamp();
        _start = loop.Now;
    }

    /// <summary>Moves the loop's clock to the scenario time now (never back).</summary>
    public void Sync() => AdvanceTo(Elapsed);

    /// <summary>Moves the loop's clock to scenario time <paramref name="scenario"/> if it is later than the clock.</summary>
    public void AdvanceTo(TimeSpan scenario)
    {
        var target = _start + scenario;
        if (target > loop.Now)
        {
            loop.Clock.AdvanceTo(target);
        }
    }

    /// <summary>Waits (wall time) until scenario time <paramref name="scenario"/>; at once if it has passed.</summary>
    public Task UntilAsync(TimeSpan scenario, CancellationToken cancellationToken)
    {
        var due = (scenario / compression) - s_wall.GetElapsedTime(_origin);
        return due > TimeSpan.Zero ? Task.Delay(due, s_wall, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Waits <paramref name="wall"/> of wall time.</summary>
    public static Task DelayAsync(TimeSpan wall, CancellationToken cancellationToken) => Task.Delay(wall, s_wall, cancellationToken);
}
