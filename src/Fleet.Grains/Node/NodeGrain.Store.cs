using Fleet.Abstractions.Grains;
using Fleet.Core.Node;
using Fleet.Grains.Hosting;

namespace Fleet.Grains.Node;

/// <summary>The node grain's persistence and publication: its state written with a version, its line in the fleet index, its observers told.</summary>
public sealed partial class NodeGrain
{
    /// <summary>Writes the node's state with a new version and publishes it; returns the failure, if the store failed.</summary>
    private async Task<Exception?> SaveAsync()
    {
        if (await TryWriteAsync(_store.State.Version + 1) is { } failure)
        {
            return failure;
        }

        await PublishAsync();
        return null;
    }

    /// <summary>
    /// The silo is stopping (<see cref="SiloDeparture"/>): the node stops before <paramref name="next"/> and says nothing
    /// more. What it has not applied (a call's answer, a describe) stays with EC2, the source of truth its next activation
    /// reads first; a call in flight is settled from its intent, written before EC2 saw the call (a create is retried
    /// with its client token, so it yields the same ENI). The memory is written once, while a write can still land.
    /// </summary>
    private async Task<AnswerReport?> LeaveAsync(string next)
    {
        if (_left)
        {
            return null;
        }

        _left = true;
        LogLeaving(_logger, InstanceId, next);
        if (_departure.CanWriteState && await TryWriteAsync(_store.State.Version + 1) is { } failure)
        {
            LogStoreFailed(_logger, InstanceId, failure.Message);
        }

        return null;
    }

    /// <summary>
    /// <paramref name="work"/>'s result, unless the silo begins to stop first (then OperationCanceledException at once,
    /// also when the stop began between the turn's last look and the call leaving: the node must not hold the stop for
    /// the call's answer).
    /// </summary>
    private Task<T> UnlessStopping<T>(Task<T> work) => work.IsCompleted ? work : work.WaitAsync(_departure.Stopping);

    /// <summary>Writes the state as the memory holds it; returns the failure (the state stays unsaved) rather than throwing.</summary>
    private async Task<Exception?> TryWriteAsync(long version)
    {
        var previous = _store.State;
        _store.State = NodeStateMapping.ToState(_memory, version, version == previous.Version ? previous.UpdatedAt : Now);
        try
        {
            await _store.WriteStateAsync();
            _unsaved = false;
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _store.State = previous; // the version and the time stay those of what is stored
            _unsaved = true;
            return e;
        }
    }

    private Task RepublishAsync()
    {
        if (_memory.Demand is null && _memory.Instance is null)
        {
            return Task.CompletedTask;
        }

        _published = null;
        return PublishAsync();
    }

    private async Task PublishAsync()
    {
        if (_departure.LeavingAlone)
        {
            return; // the index and the observers' gateway end with the silo; the next activation publishes afresh
        }

        var allocation = BuildAllocation();
        var summary = NodeViews.Summary(_memory, allocation, _store.State.UpdatedAt ?? Now, _options);
        if (_published is not null && NodeViews.SameLine(_published, summary))
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IFleetIndexGrain>("default").Upsert(summary);
            _published = summary;
            await _observers.Notify(o => o.OnAllocationChanged(allocation));
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // The state is written; the line is published again on the next save or the index refresh.
            LogNotDelivered(_logger, InstanceId, "the fleet index's line", e.Message);
        }
    }
}
