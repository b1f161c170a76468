using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Simulation.Runs;
using Microsoft.Extensions.Logging;

namespace Fleet.Simulation.Live;

/// <summary>
/// What a live run shares between its driver, its agents and Fleet's pushes: one lock, the scenario clock, the
/// recorder and the agents by instance id. Everything that touches the nodes' pods or the recorder holds
/// <see cref="Gate"/> and first moves the clock to the scenario time now.
/// </summary>
internal sealed partial class LiveState(ScenarioClock clock, RunRecorder recorder, ILogger logger)
{
    private readonly Dictionary<string, LiveAgent> _agents = new(StringComparer.Ordinal);
    private long _reports;
    private long _failures;

    /// <summary>The run's lock.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Scenario time.</summary>
    public ScenarioClock Clock => clock;

    /// <summary>The run's figures as they are recorded.</summary>
    public RunRecorder Recorder => recorder;

    /// <summary>The reference Fleet pushes allocation changes to (set once the cluster is up).</summary>
    public INodeObserver Observer { get; private set; } = null!;

    /// <summary>
    /// The object behind <see cref="Observer"/>, held here because Orleans keeps only a weak reference to it: once
    /// collected, pushes go unanswered and every node grain waits 30 s for each one.
    /// </summary>
    public INodeObserver? ObserverObject { get; private set; }

    /// <summary>Sets the observer object and its reference.</summary>
    public void Observe(INodeObserver target, INodeObserver reference)
    {
        ObserverObject = target;
        Observer = reference;
    }

    /// <summary>The agents, by instance id.</summary>
    public IReadOnlyDictionary<string, LiveAgent> Agents => _agents;

    /// <summary>Demand reports sent.</summary>
    public long Reports => Interlocked.Read(ref _reports);

    /// <summary>Reports and reads that failed.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Whether the run is over: later answers no longer change the figures.</summary>
    public bool Closed { get; private set; }

    /// <summary>Ends the run's recording (caller holds the lock).</summary>
    public void Close() => Closed = true;

    /// <summary>Adds an agent (before the run starts).</summary>
    public void Add(LiveAgent agent) => _agents[agent.Node.InstanceId] = agent;

    /// <summary>A demand report was answered.</summary>
    public void OnReported(LiveAgent agent, DemandResult result)
    {
        Interlocked.Increment(ref _reports);
        if (result.Outcome != DemandOutcome.Accepted)
        {
            LogRefused(logger, agent.Node.InstanceId, result.Outcome, result.Detail);
        }

        OnAnswer(agent, result.Allocation);
    }

    /// <summary>A node's allocation arrived (an answer or a push).</summary>
    public void OnAnswer(LiveAgent agent, NodeAllocation allocation)
    {
        lock (Gate)
        {
            if (Closed)
            {
                return;
            }

            clock.Sync();
            agent.Apply(allocation, clock.WallElapsed);
        }
    }

    /// <summary>Fleet pushed a node's allocation.</summary>
    public void OnPushed(NodeAllocation allocation)
    {
        if (_agents.TryGetValue(allocation.InstanceId, out var agent))
        {
            OnAnswer(agent, allocation);
        }
    }

    /// <summary>A call to a node's grain failed; the agent retries.</summary>
    public void OnFailure(LiveAgent agent, Exception error)
    {
        if (Interlocked.Increment(ref _failures) <= 20)
        {
            LogCallFailed(logger, agent.Node.InstanceId, error.GetType().Name, error.Message);
        }
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Live run: {InstanceId}'s demand report was refused: {Outcome}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string instanceId, DemandOutcome outcome, string detail);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Live run: a call to {InstanceId}'s grain failed ({Error}: {Message}); retrying")]
    private static partial void LogCallFailed(ILogger logger, string instanceId, string error, string message);
}
