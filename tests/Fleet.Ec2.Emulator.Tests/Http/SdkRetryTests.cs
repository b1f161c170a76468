using Amazon.EC2;
using Amazon.EC2.Model;
using Ec2Tag = Fleet.Ec2.Emulator.Ec2Tag;
using ActionFaultOptions = Fleet.Ec2.Emulator.Options.ActionFaultOptions;
using BucketOverride = Fleet.Ec2.Emulator.Options.BucketOverride;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Ec2.EmulatorTests.Http;

/// <summary>The SDK's own retries, seen through the trail: each test has its own server, so the buckets are its own.</summary>
public sealed class SdkRetryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Throttled_call_is_retried_by_the_SDK_three_attempts_then_RequestLimitExceeded()
    {
        await using var server = await EmulatorServerFixture.StartAsync(_time, o => o.Throttling.Buckets["CreateTags"] = new BucketOverride { Capacity = 1, RefillPerSecond = 0 });
        var ec2 = EmulatorServerFixture.Client(server.BaseAddress, retries: null); // SDK defaults: Standard mode, 3 attempts
        var subnet = server.Region.Snapshot().Subnets[0].SubnetId;
        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [subnet], Tags = [new Tag("a", "1")] });

        var e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [subnet], Tags = [new Tag("b", "2")] }));

        Assert.Equal(("RequestLimitExceeded", System.Net.HttpStatusCode.ServiceUnavailable), (e.ErrorCode, e.StatusCode));
        Assert.Equal(["OK", "RequestLimitExceeded", "RequestLimitExceeded", "RequestLimitExceeded"], server.Region.Trail().Select(t => t.Outcome));
        Assert.All(server.Region.Trail(), t => Assert.StartsWith("aws-sdk-dotnet", t.Client, StringComparison.Ordinal));
        Assert.Equal([new Ec2Tag("a", "1")], server.Region.Snapshot().Subnets[0].Tags);
    }

    [Fact]
    public async Task Server_errors_are_retried_and_the_retry_succeeds()
    {
        await using var server = await EmulatorServerFixture.StartAsync(_time, o => o.Faults["DescribeSubnets"] = new ActionFaultOptions
        {
            InternalError = new() { Count = 1 }, Unavailable = new() { Count = 1 },
        });
        var ec2 = EmulatorServerFixture.Client(server.BaseAddress, retries: null);

        var subnets = await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest());

        Assert.Equal(4, subnets.Subnets.Count);
        Assert.Equal([("InternalError", 500), ("Unavailable", 503), ("OK", 200)], server.Region.Trail().Select(t => (t.Outcome, t.HttpStatus)));
    }

    [Fact]
    public async Task Lost_response_is_retried_with_the_same_client_token_and_yields_one_interface()
    {
        await using var server = await EmulatorServerFixture.StartAsync(_time, o => o.Faults["CreateNetworkInterface"] = new ActionFaultOptions { ResponseLost = new() { Count = 1 } });
        var ec2 = EmulatorServerFixture.Client(server.BaseAddress, retries: null);
        var subnet = server.Region.Snapshot().Subnets[1].SubnetId;

        var created = await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = subnet, Ipv4PrefixCount = 2 });

        var trail = server.Region.Trail();
        Assert.Equal(2, trail.Count);
        Assert.True(trail[0].ResponseLost);
        Assert.Equal(trail[0].NetworkInterfaceId, trail[1].NetworkInterfaceId);
        Assert.Equal(created.NetworkInterface.NetworkInterfaceId, Assert.Single(server.Region.Snapshot().NetworkInterfaces).NetworkInterfaceId);
    }

    [Fact]
    public async Task Faults_and_reset_are_set_over_HTTP()
    {
        await using var server = await EmulatorServerFixture.StartAsync(_time);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var ec2 = EmulatorServerFixture.Client(server.BaseAddress);

        using var bad = await http.PostAsync("/_emulator/faults", new StringContent("""{ "Nope": { "InternalError": { "Count": 1 } } }"""));
        using var set = await http.PostAsync("/_emulator/faults", new StringContent("""{ "DescribeVpcs": { "InternalError": { "Count": 1 } } }"""));
        var failed = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest()));
        await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = server.Region.Snapshot().Subnets[1].SubnetId });
        using var reset = await http.PostAsync("/_emulator/reset", null);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Faults.Nope", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(set.IsSuccessStatusCode);
        Assert.Equal(("InternalError", System.Net.HttpStatusCode.InternalServerError), (failed.ErrorCode, failed.StatusCode));
        Assert.True(reset.IsSuccessStatusCode);
        Assert.Empty(server.Region.Snapshot().NetworkInterfaces);
        Assert.Empty(server.Region.Trail());
    }
}
