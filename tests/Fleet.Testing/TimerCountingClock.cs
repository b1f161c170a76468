using Microsoft.Extensions.Time.Testing;

namespace Fleet.Testing;

/// <summary>
/// A fake clock that says when code under test has armed its timers, so a test advances the clock only after the timer
/// it means to fire exists (advancing first would leave a timer armed later waiting for an advance that never comes).
/// </summary>
public sealed class TimerCountingClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiting = [];
    private int _created;

    /// <summary>Completes once <paramref name="count"/> timers in all have been created on this clock.</summary>
    public Task TimersCreated(int count)
    {
        lock (_gate)
        {
            if (_created >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((count, reached));
            return reached.Task;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _created++;
            foreach (var waiter in _waiting.Where(w => w.Count <= _created).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiting.Remove(waiter);
            }
        }

        return timer;
    }
}
