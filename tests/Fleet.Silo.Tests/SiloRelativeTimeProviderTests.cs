using Fleet.Silo.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// The membership area's clock: Orleans' Watchdog may measure from a timestamp it has not stamped yet (0); on this
/// clock that reads as the time since the silo was built, not the machine's uptime.
/// </summary>
public sealed class SiloRelativeTimeProviderTests
{
    [Fact]
    public void An_unstamped_timestamp_reads_as_the_time_since_the_silo_was_built()
    {
        var machine = new FakeTimeProvider();
        machine.Advance(TimeSpan.FromMinutes(36)); // the machine has been up a while
        var clock = new SiloRelativeTimeProvider(machine);

        machine.Advance(TimeSpan.FromSeconds(3));

        Assert.True(machine.GetElapsedTime(0) >= TimeSpan.FromMinutes(36)); // what the Watchdog reported: "00:36:51"
        Assert.Equal(TimeSpan.FromSeconds(3), clock.GetElapsedTime(0)); // under the Watchdog's 20 s tolerance
    }

    [Fact]
    public void Intervals_and_wall_clock_time_are_the_inner_clocks()
    {
        var machine = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var clock = new SiloRelativeTimeProvider(machine);
        var start = clock.GetTimestamp();

        machine.Advance(TimeSpan.FromSeconds(25));

        Assert.Equal(TimeSpan.FromSeconds(25), clock.GetElapsedTime(start)); // a real 25 s stall still counts as 25 s
        Assert.Equal(machine.GetUtcNow(), clock.GetUtcNow());
        Assert.Equal(machine.TimestampFrequency, clock.TimestampFrequency);
    }
}
