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
        var time = new FakeTimeProvider();
        await using var server = await EmulatorServerFixture.StartAsync(time, o =>
        {
            o.Latency.Enabled = true;
            o.Latency.Actions["DescribeVpcs"] = LatencySpec.Fixed(TimeSpan.FromMilliseconds(300));
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Region.Called += _ => arrived.TrySetResult();

        var pending = http.GetAsync("/?Action=DescribeVpcs");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the call reached the region; its latency runs now
        Assert.False(pending.IsCompleted, "the response went out before its latency had passed on the region's clock");
        time.Advance(TimeSpan.FromMilliseconds(300));
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(300, server.Region.Trail().Single().LatencyMs);
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
