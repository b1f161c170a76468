using Fleet.Cli.Load;
using Fleet.Client;
using Fleet.Testing;

namespace Fleet.Cli.Tests;

/// <summary><c>fleet load</c>'s agents report spread over the interval, a slice at a time, not as one burst.</summary>
public sealed class LoadDriverTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    [Fact]
    public async Task A_tick_sends_one_slice_of_the_agents_per_step_of_the_interval()
    {
        var ids = fixture.Silo.Launch(4);
        await using var client = await FleetClient.ConnectAsync(new FleetClientOptions { Gateways = [fixture.Silo.Gateway] });
        var time = new TimerCountingClock();
        var driver = new LoadDriver(client, [.. ids.Select((id, i) => new SimulatedAgent(id, 20, i))], time);

        var tick = driver.TickAsync(TimeSpan.FromSeconds(4));
        for (var slice = 1; slice <= 4; slice++)
        {
            await Eventually.Until(() => driver.Stats.Reports, n => n == slice, $"slice {slice}'s report answered");
            if (slice < 4)
            {
                Assert.False(tick.IsCompleted, $"the tick waits for the clock before slice {slice + 1}");
                await time.TimersCreated(slice).WaitAsync(TimeSpan.FromSeconds(60)); // the wait for slice k + 1 is armed
                time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await tick;
        Assert.Equal(4, driver.Stats.Accepted);
    }
}
