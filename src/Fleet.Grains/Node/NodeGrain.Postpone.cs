using Fleet.Core.Node;

namespace Fleet.Grains.Node;

/// <summary>The node grain's turns that cannot go on: what waits for the next turn, and the turns the node starts itself.</summary>
public sealed partial class NodeGrain
{
    /// <summary>
    /// A step's context could not be read: the caller's own event, not yet stepped, is dropped (the caller hears the
    /// failure and asks again), and what is left, the answers EC2 gave this turn, the node's own resume or tick and a
    /// token the throttle granted, is stepped by the next turn or, if none comes, after
    /// <see cref="AllocatorOptions.TickInterval"/>. Dropping an answer would leave the node waiting on its read or call
    /// for as long as it stays active; dropping a grant (a one-way message nobody sends again) would leave it waiting
    /// for its <see cref="AllocatorOptions.RequestKeepAlive"/>, and the token unused until the throttle's lease ends.
    /// </summary>
    private void Postpone(NodeEvent? first, Exception failure)
    {
        if (first is not (null or Resumed or Ticked or TokenGranted) && _events.Contains(first))
        {
            _events = new Queue<NodeEvent>(_events.Where(e => !ReferenceEquals(e, first)));
        }

        if (_events.Count == 0)
        {
            LogTurnRefused(_logger, InstanceId, failure.Message); // the caller hears the failure itself
            return;
        }

        LogPostponed(_logger, InstanceId, _events.Count, failure.Message);
        if (_retry is null)
        {
            _retry = this.RegisterGrainTimer(static (self, _) => self.RetryAsync(), this,
                new GrainTimerCreationOptions { DueTime = _options.TickInterval, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
        }
    }

    private Task RetryAsync()
    {
        _retry?.Dispose();
        _retry = null;
        return RunOwnAsync(null);
    }

    /// <summary>
    /// A turn the node starts itself (a resume, a tick, a retry) or a one-way message starts (a grant): there is no
    /// caller to tell of a failure.
    /// </summary>
    private async Task RunOwnAsync(NodeEvent? e)
    {
        try
        {
            await RunAsync(e);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // Logged where it arose (a context not read, a state not written); a waiting answer sets another retry.
        }
    }
}
