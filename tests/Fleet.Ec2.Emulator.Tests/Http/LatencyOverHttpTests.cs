using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Ec2.EmulatorTests.Http;

public sealed class LatencyOverHttpTests
{
    [Fact]
    public async Task Response_waits_for_the_sampled_latency_on_the_region_clock()
    {
        var time = new TimerWatchingTimeProvider(TimeSpan.FromMilliseconds(300));
        await using var server = await EmulatorServerFixture.StartAsync(time, o =>
        {
            o.Latency.Enabled = true;
            o.Latency.Actions["DescribeVpcs"] = LatencySpec.Fixed(TimeSpan.FromMilliseconds(300));
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var pending = http.GetAsync("/?Action=DescribeVpcs");
        await time.Watched.WaitAsync(TimeSpan.FromSeconds(10)); // the response's latency timer runs on the region's clock
        Assert.False(pending.IsCompleted, "the response went out before its latency had passed on the region's clock");
        time.Advance(TimeSpan.FromMilliseconds(300));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(300, server.Region.Trail().Single().LatencyMs);
    }

    /// <summary>A fake clock that says when a timer of the watched due time is created (so advancing it cannot come first).</summary>
    private sealed class TimerWatchingTimeProvider(TimeSpan watched) : FakeTimeProvider
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Watched => _created.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == watched)
            {
                _created.TrySetResult();
            }

            return timer;
        }
    }

    [Fact]
    public void AddEc2Emulator_is_idempotent_and_uses_the_registered_clock()
    {
        var time = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddEc2Emulator(new EmulatorOptions { Seed = 9 }).AddEc2Emulator();

        using var provider = services.BuildServiceProvider();
        var region = provider.GetRequiredService<Ec2Region>();

        Assert.Single(services, d => d.ServiceType == typeof(Ec2Region));
        Assert.Same(time, region.Time);
        Assert.Equal(9, region.Options.Seed);
    }
}
