using System.Net;
using System.Net.Http.Json;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Hosting;
using Fleet.Ec2.Emulator.Options;
using Fleet.Silo.Api;
using Fleet.Silo.Observability;
using Fleet.Silo.Tests.Infrastructure;
using StackExchange.Redis;
using Fleet.Testing;

namespace Fleet.Silo.Tests;

/// <summary>
/// With <c>Fleet:Clustering:Provider=Redis</c> the silo keeps membership and grain state in a real redis-server, so
/// a node's demand and ENIs survive the silo being stopped and another started in its place.
/// </summary>
public sealed class RedisClusteringTests
{
    [Fact]
    public async Task Node_state_survives_a_silo_restart_with_redis_clustering_and_persistence()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new EmulatorOptions { AddressSelection = AddressSelection.Lowest };
        options.Latency.Enabled = false;
        var region = new Ec2Region(options);
        await using var emulator = await Ec2EmulatorServer.StartAsync(region, new EmulatorServerOptions { Port = 0 });
        string[] settings =
        [
            "Fleet:Clustering:Provider=Redis",
            $"Fleet:Clustering:ConnectionString={redis.ConnectionString}",
            "Fleet:Clustering:ClusterId=redis-test",
            "Fleet:Clustering:ServiceId=fleet-redis-test",
            $"Fleet:Ec2:ServiceUrl={emulator.BaseAddress}",
        ];
        var subnet = region.Snapshot().Subnets.First(s => s.DefaultForAz).SubnetId;
        var id = region.RunInstances(new RunInstancesRequest { SubnetId = subnet }).Result.Value!.Reservation.Instances[0].InstanceId;

        NodeAllocation before;
        await using (var first = await TestSilo.StartAsync(settings))
        {
            Assert.Null(first.Region);
            before = await first.ReportAndWaitReadyAsync(id, used: 12, pending: 3);

            // No embedded emulator: the trail is this silo's own record of the calls it made.
            var trail = await first.Http.GetFromJsonAsync<Ec2CallEntry[]>("/api/v1/ec2/trail", ApiJson.Options);
            Assert.Contains(trail!, t => t.Action == "DescribeSubnets" && t.Client == "fleet" && t.Outcome == "OK");
        }

        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var keys = connection.GetServer(redis.ConnectionString).Keys(pattern: "fleet-redis-test*").Select(k => k.ToString()).ToList();
            Assert.Contains(keys, k => k.Contains("members", StringComparison.Ordinal));
            Assert.Contains(keys, k => k.Contains(id, StringComparison.Ordinal));
        }

        await using var second = await TestSilo.StartAsync(settings);
        var response = await second.Http.GetAsync($"/api/v1/nodes/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = (await response.Content.ReadFromJsonAsync<NodeView>(ApiJson.Options))!.Allocation;
        Assert.Equal(12, after.Used);
        Assert.Equal(3, after.Pending);
        Assert.Equal(before.Enis.Select(e => (e.EniId, string.Join(",", e.Prefixes))), after.Enis.Select(e => (e.EniId, string.Join(",", e.Prefixes))));
        // The fleet index is persisted too (write-behind, flushed when the first silo stopped).
        var listed = await second.Http.GetFromJsonAsync<NodeSummary[]>("/api/v1/nodes", ApiJson.Options);
        Assert.Contains(listed!, n => n.InstanceId == id && n.Used == 12 && n.Pending == 3);

        // The agent's next report finds the ENIs the node already held: no new capacity calls are needed.
        var again = await second.ReportAndWaitReadyAsync(id, used: 12, pending: 3);
        Assert.Equal(before.Enis.Select(e => e.EniId), again.Enis.Select(e => e.EniId));
    }
}
