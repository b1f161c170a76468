using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Simulation.Runs;

namespace Fleet.Simulation.Live;

/// <summary>
/// One node's agent in a live run, as a CNI agent behaves: it reports the node's demand (pods holding an address,
/// pods waiting, and the addresses the running pods hold) whenever a pod arrives or leaves, with at most one report in
/// flight (demand that changes meanwhile goes in the next report); it learns the node's usable capacity from each
/// answer and from the allocation changes Fleet pushes, and confirms a release proposal it sees in its next report,
/// for whatever its pods do not use (<see cref="PodAddresses"/>: the same model as the simulator's agent); a call that
/// fails, or is not answered within <paramref name="timeout"/> (wall time; a dead silo), is retried after 100 ms of
/// wall time. The pods themselves are the simulator's <see cref="SimNode"/>, so a pod's wait has exactly the
/// simulator's definition.
/// </summary>
internal sealed class LiveAgent(LiveState state, SimNode node, INodeGrain grain, TimeSpan timeout)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan SubscriptionRenewal = TimeSpan.FromSeconds(60);
    private bool _inFlight;
    private bool _dirty;
    private readonly PodAddresses _addresses = new();
    private long _version = -1;
    private NodeAllocation? _allocation;
    private TimeSpan? _subscribedAt;
    private TimeSpan? _watchFrom;

    /// <summary>The node.</summary>
    public SimNode Node => node;

    /// <summary>The node's grain.</summary>
    public INodeGrain Grain => grain;

    /// <summary>The node's status as Fleet last reported it.</summary>
    public NodeStatus Status { get; private set; } = NodeStatus.Unknown;

    /// <summary>
    /// Whether Fleet's latest allocation proposes a release: the node holds excess it will give back once the agent has
    /// confirmed and the release delay has passed, without a call to EC2 meanwhile.
    /// </summary>
    public bool ReleasePending => _allocation is { ProposedRelease.IsDefaultOrEmpty: false };

    /// <summary>Wall time (since the run's start) of the last answer from the node's grain.</summary>
    public TimeSpan LastAnswerWall { get; private set; }

    /// <summary>Wall time of the first answer since <see cref="WatchFrom"/> (null until one came).</summary>
    public TimeSpan? FirstAnswerSinceWatch { get; private set; }

    /// <summary>Whether the agent must subscribe again (its grain may have moved to another silo).</summary>
    public bool Resubscribe { get; set; }

    /// <summary>Demand changed (caller holds the lock): send a report now, or after the one in flight.</summary>
    public void DemandChanged()
    {
        if (_inFlight)
        {
            _dirty = true;
            return;
        }

        _inFlight = true;
        _ = Task.Run(PumpAsync);
    }

    /// <summary>Starts timing the first answer after wall time <paramref name="wall"/> (caller holds the lock).</summary>
    public void WatchFrom(TimeSpan wall)
    {
        _watchFrom = wall;
        FirstAnswerSinceWatch = null;
    }

    /// <summary>Applies an allocation from an answer or a push (caller holds the lock); stale versions are ignored.</summary>
    public void Apply(NodeAllocation allocation, TimeSpan wallNow)
    {
        LastAnswerWall = wallNow;
        if (_watchFrom is { } from && wallNow > from && FirstAnswerSinceWatch is null)
        {
            FirstAnswerSinceWatch = wallNow;
        }

        if (allocation.Version < _version)
        {
            return;
        }

        _version = allocation.Version;
        Status = allocation.Status;
        var proposed = !allocation.ProposedRelease.IsDefaultOrEmpty && (_allocation is null || !_allocation.ProposedRelease.SequenceEqual(allocation.ProposedRelease));
        _allocation = allocation;
        _addresses.Update(allocation, allocation.Enis.OrderBy(e => e.DeviceIndex).Select(e => ((IEnumerable<string>)e.Prefixes, (IEnumerable<string>)e.Ips)));
        if (node.Active)
        {
            node.SetCapacity(allocation.Available);
            if (proposed)
            {
                DemandChanged(); // the agent answers a new proposal with its next report
            }
        }
    }

    /// <summary>Reads the allocation (for agents that wait without reporting, and after a silo's death).</summary>
    public async Task<bool> ReadAsync()
    {
        try
        {
            var allocation = await Bounded(grain.GetAllocation());
            state.OnAnswer(this, allocation);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            state.OnFailure(this, e);
            return false;
        }
    }

    /// <summary>
    /// After a silo's death: subscribes again and reads the allocation, retrying every 100 ms until the node's grain
    /// answers (as an agent that watches the cluster's membership would), for at most two wall minutes.
    /// </summary>
    public async Task RecoverAsync()
    {
        var until = state.Clock.WallElapsed + TimeSpan.FromMinutes(2);
        while (state.Clock.WallElapsed < until)
        {
            try
            {
                Resubscribe = false;
                await Bounded(grain.Subscribe(state.Observer));
                _subscribedAt = state.Clock.WallElapsed;
                state.OnAnswer(this, await Bounded(grain.GetAllocation()));
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                state.OnFailure(this, e);
                await ScenarioClock.DelayAsync(RetryAfter, CancellationToken.None);
            }
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            DemandReport report;
            lock (state.Gate)
            {
                state.Clock.Sync();
                var release = _allocation?.ProposedRelease ?? [];
                report = new DemandReport(node.Running, node.Waiting, _addresses.InUse(node.Running),
                    release.IsDefaultOrEmpty ? null : _addresses.Confirmable(release, node.Running));
                _dirty = false;
            }

            try
            {
                var result = await Bounded(grain.ReportDemand(report));
                state.OnReported(this, result);
                if (_subscribedAt is null || Resubscribe || state.Clock.WallElapsed - _subscribedAt >= SubscriptionRenewal)
                {
                    Resubscribe = false;
                    _subscribedAt = state.Clock.WallElapsed;
                    await Bounded(grain.Subscribe(state.Observer));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                state.OnFailure(this, e);
                Resubscribe = true;
                _dirty = true;
                await ScenarioClock.DelayAsync(RetryAfter, CancellationToken.None);
            }

            lock (state.Gate)
            {
                if (!_dirty || !node.Active)
                {
                    _inFlight = false;
                    return;
                }
            }
        }
    }

    /// <summary>The call, or a <see cref="TimeoutException"/> after the agent's timeout (the call's own late outcome is dropped).</summary>
    private Task<T> Bounded<T>(Task<T> call)
    {
        Observe(call);
        return call.WaitAsync(timeout, TimeProvider.System);
    }

    private Task Bounded(Task call)
    {
        Observe(call);
        return call.WaitAsync(timeout, TimeProvider.System);
    }

    private static void Observe(Task call) =>
        _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
}
