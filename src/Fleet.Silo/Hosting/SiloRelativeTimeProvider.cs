namespace Fleet.Silo.Hosting;

/// <summary>
/// A clock whose timestamps count from its own creation, for Orleans' membership area (<c>TimeProviderNames.Membership</c>).
/// Orleans 10.4.2's <c>Watchdog.Start</c> starts its platform thread before it stamps the participant check's start;
/// when the thread runs first (two busy cores are enough) it measures from the unstamped timestamp 0 — the machine's
/// uptime on the system clock — and warns "Participant check thread has not completed for 00:36:51" at every start.
/// Counting from the silo's creation makes an unstamped timestamp read as "since the silo was built": seconds, under
/// the 2 × <c>LocalHealthDegradationMonitoringPeriod</c> (20 s) the check tolerates, while a real stall still warns.
/// Timestamps are only ever subtracted from one another within the area, so the shifted origin changes nothing else;
/// wall-clock time (<see cref="GetUtcNow"/>) and timers are the inner clock's.
/// </summary>
internal sealed class SiloRelativeTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly long _origin = inner.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <inheritdoc />
    public override long GetTimestamp() => inner.GetTimestamp() - _origin;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
