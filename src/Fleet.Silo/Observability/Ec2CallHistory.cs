using System.Diagnostics.Metrics;
using Fleet.Ec2.Metering;
using Microsoft.Extensions.Hosting;

namespace Fleet.Silo.Observability;

/// <summary>
/// EC2 calls per second by action over the last <see cref="WindowSeconds"/> seconds, for the fleet page's chart. Fed
/// by a <see cref="MeterListener"/> on this host's own <c>fleet.ec2.calls</c> counter (the instrument instance, so
/// several hosts in one process never mix), timed by the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class Ec2CallHistory(Ec2Instruments instruments, TimeProvider time) : IHostedService, IDisposable
{
    /// <summary>How many seconds are kept.</summary>
    public const int WindowSeconds = 300;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, Dictionary<string, CallCounts>> _seconds = [];
    private MeterListener? _listener;

    /// <summary>Counts one call (also used by tests).</summary>
    public void Record(string action, string outcome)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (!_seconds.TryGetValue(second, out var actions))
            {
                _seconds[second] = actions = new Dictionary<string, CallCounts>(StringComparer.Ordinal);
                foreach (var old in _seconds.Keys.Where(s => s <= second - WindowSeconds).ToList())
                {
                    _seconds.Remove(old);
                }
            }

            var counts = actions.GetValueOrDefault(action);
            actions[action] = outcome switch
            {
                "OK" => counts with { Ok = counts.Ok + 1 },
                "RequestLimitExceeded" => counts with { Throttled = counts.Throttled + 1 },
                _ => counts with { Failed = counts.Failed + 1 },
            };
        }
    }

    /// <summary>The last <paramref name="seconds"/> seconds, oldest first, ending with the current second.</summary>
    public Ec2CallSeries Snapshot(int seconds)
    {
        seconds = Math.Clamp(seconds, 1, WindowSeconds);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var start = now - seconds + 1;
        lock (_gate)
        {
            var actions = _seconds.Where(s => s.Key >= start).SelectMany(s => s.Value.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
            var series = actions.ToDictionary(a => a, a => Enumerable.Range(0, seconds)
                .Select(i => _seconds.TryGetValue(start + i, out var per) && per.TryGetValue(a, out var c) ? c.Ok + c.Throttled + c.Failed : 0)
                .ToArray(), StringComparer.Ordinal);
            var throttled = Enumerable.Range(0, seconds)
                .Select(i => _seconds.TryGetValue(start + i, out var per) ? per.Values.Sum(c => c.Throttled) : 0).ToArray();
            var failed = Enumerable.Range(0, seconds)
                .Select(i => _seconds.TryGetValue(start + i, out var per) ? per.Values.Sum(c => c.Failed) : 0).ToArray();
            return new Ec2CallSeries(DateTimeOffset.FromUnixTimeSeconds(start), 1, series, throttled, failed);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument, instruments.Calls))
                {
                    listener.EnableMeasurementEvents(instrument, this);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(static (_, _, tags, state) =>
        {
            string? action = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "action")
                {
                    action = tag.Value as string;
                }
                else if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            ((Ec2CallHistory)state!).Record(action ?? "?", outcome ?? "?");
        });
        _listener.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    private readonly record struct CallCounts(int Ok, int Throttled, int Failed);
}

/// <summary>Calls per second: <paramref name="Actions"/> maps an action to one count per second from <paramref name="Start"/>.</summary>
/// <param name="Start">The first second.</param>
/// <param name="StepSeconds">Seconds per point (1).</param>
/// <param name="Actions">Action → calls per second (every outcome).</param>
/// <param name="Throttled">Calls answered RequestLimitExceeded, per second.</param>
/// <param name="Failed">Calls that failed otherwise, per second.</param>
public sealed record Ec2CallSeries(
    DateTimeOffset Start,
    int StepSeconds,
    IReadOnlyDictionary<string, int[]> Actions,
    int[] Throttled,
    int[] Failed);
