using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Fleet.Ec2.Metering;
using Fleet.Silo.Api;
using Fleet.Silo.Observability;
using Fleet.Silo.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Silo.Tests;

/// <summary>What the fleet page's chart and trail are fed: per-second counts by action, and the latest calls.</summary>
public sealed class Ec2CallObservationTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_history_counts_calls_per_second_by_action_and_counts_throttles_apart()
    {
        var time = new FakeTimeProvider(s_start);
        using var history = new Ec2CallHistory(new Ec2Instruments(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()), time);
        history.Record("AssignPrivateIpAddresses", "OK");
        history.Record("AssignPrivateIpAddresses", "OK");
        time.Advance(TimeSpan.FromSeconds(1));
        history.Record("CreateNetworkInterface", "OK");
        history.Record("AssignPrivateIpAddresses", "RequestLimitExceeded");
        history.Record("AttachNetworkInterface", "InvalidParameterValue");

        var series = history.Snapshot(3);
        Assert.Equal(s_start.AddSeconds(-1), series.Start);
        Assert.Equal([0, 2, 1], series.Actions["AssignPrivateIpAddresses"]);
        Assert.Equal([0, 0, 1], series.Actions["CreateNetworkInterface"]);
        Assert.Equal([0, 0, 1], series.Throttled);
        Assert.Equal([0, 0, 1], series.Failed);
    }

    [Fact]
    public void The_history_forgets_seconds_older_than_its_window()
    {
        var time = new FakeTimeProvider(s_start);
        using var history = new Ec2CallHistory(new Ec2Instruments(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()), time);
        history.Record("DescribeSubnets", "OK");
        time.Advance(TimeSpan.FromSeconds(Ec2CallHistory.WindowSeconds));
        history.Record("DescribeInstances", "OK");

        var series = history.Snapshot(Ec2CallHistory.WindowSeconds);
        Assert.False(series.Actions.ContainsKey("DescribeSubnets"));
        Assert.Equal(1, series.Actions["DescribeInstances"].Sum());
    }

    [Fact]
    public async Task The_history_follows_this_hosts_own_ec2_call_counter()
    {
        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var instruments = new Ec2Instruments(provider.GetRequiredService<IMeterFactory>());
        var other = new Ec2Instruments(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        using var history = new Ec2CallHistory(instruments, new FakeTimeProvider(s_start));
        await history.StartAsync(CancellationToken.None);

        instruments.Calls.Add(1, new("action", "AssignPrivateIpAddresses"), new("outcome", "OK"));
        other.Calls.Add(1, new("action", "DeleteNetworkInterface"), new("outcome", "OK")); // another host in the same process

        var series = history.Snapshot(1);
        Assert.Equal([1], series.Actions["AssignPrivateIpAddresses"]);
        Assert.False(series.Actions.ContainsKey("DeleteNetworkInterface"));
    }

    [Fact]
    public void The_record_answers_the_latest_calls_newest_first_and_keeps_its_capacity()
    {
        var record = new Ec2CallRecord();
        for (var i = 1; i <= Ec2CallRecord.Capacity + 7; i++)
        {
            record.Add(new Ec2CallEntry(0, s_start.AddSeconds(i), "AssignPrivateIpAddresses", $"eni-{i}", 1, "OK", 1, "fleet"));
        }

        var recent = record.Recent(3);
        Assert.Equal([Ec2CallRecord.Capacity + 7L, Ec2CallRecord.Capacity + 6L, Ec2CallRecord.Capacity + 5L], recent.Select(e => e.Sequence));
        Assert.Equal($"eni-{Ec2CallRecord.Capacity + 7}", recent[0].Target);
        Assert.Equal(Ec2CallRecord.Capacity, record.Recent(int.MaxValue).Count);
    }
}

/// <summary>The trail and chart endpoints against the shared silo (embedded emulator).</summary>
[Collection(SiloCollection.Name)]
public sealed class Ec2CallEndpointTests(SiloFixture fixture)
{
    [Fact]
    public async Task With_the_embedded_emulator_the_trail_is_the_emulators_newest_first_and_includes_the_demos_launches()
    {
        var id = fixture.Silo.Launch(1)[0];
        await fixture.Silo.ReportAndWaitReadyAsync(id, 5);

        var trail = (await fixture.Silo.Http.GetFromJsonAsync<Ec2CallEntry[]>("/api/v1/ec2/trail?limit=500", ApiJson.Options))!;
        Assert.Equal(trail.Select(t => t.Sequence).OrderDescending(), trail.Select(t => t.Sequence));
        Assert.Contains(trail, t => t.Action == "RunInstances" && t.Client == "fleet-demo");
        Assert.Contains(trail, t => t.Action == "AssignPrivateIpAddresses" && t.Outcome == "OK");

        var calls = (await fixture.Silo.Http.GetFromJsonAsync<Ec2CallSeries>("/api/v1/ec2/calls?seconds=300", ApiJson.Options))!;
        Assert.Equal(300, calls.Throttled.Length);
        Assert.True(calls.Actions["AssignPrivateIpAddresses"].Sum() > 0);
    }
}
