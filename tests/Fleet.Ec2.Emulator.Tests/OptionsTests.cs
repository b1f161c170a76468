using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.Options;

namespace Fleet.Ec2.Emulator.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_pinned()
    {
        var o = new EmulatorOptions();

        Assert.Equal(("us-east-1", "123456789012", 1, 1.0, 100_000), (o.Region, o.AccountId, o.Seed, o.TimeCompression, o.TrailCapacity));
        Assert.Equal(AddressSelection.Random, o.AddressSelection);
        Assert.Equal(TimeSpan.FromHours(24), o.ClientTokenLifetime);
        Assert.True(o.Throttling.Enabled);
        Assert.False(o.Throttling.RejectedCallsCostToken);
        Assert.True(o.Latency.Enabled);
        Assert.Null(o.Latency.ConsistencyLag);
        Assert.Equal(new LatencySpec(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)), o.Latency.AttachCompletion);
        Assert.Equal(new LatencySpec(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)), o.Latency.DetachCompletion);
        Assert.Equal(new LatencySpec(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(199)), LatencyDefaults.For(Fleet.Core.Throttling.Ec2Action.DescribeNetworkInterfaces));
        Assert.Empty(EmulatorOptionsValidator.Errors(o));
    }

    [Fact]
    public void Config_file_builds_a_large_region_with_overrides()
    {
        var options = EmulatorConfigFile.Parse("""
            {
              // comments are allowed
              "Region": "eu-west-1",
              "Seed": 42,
              "TimeCompression": 10,
              "Vpcs": [ { "CidrBlock": "10.0.0.0/8", "IsDefault": true,
                          "Subnets": [ { "Id": "subnet-big", "CidrBlock": "10.1.0.0/16", "AvailabilityZone": "eu-west-1a", "Tags": { "Name": "big" } } ],
                          "SecurityGroups": [ { "Name": "nodes" } ] } ],
              "Throttling": { "RejectedCallsCostToken": true, "Buckets": { "CreateNetworkInterface": { "Capacity": 200 } } },
              "Latency": { "Enabled": false, "AttachCompletion": { "Median": "500ms", "P99": "2s" }, "ConsistencyLag": { "Median": "1s", "P99": "1s" } },
              "Faults": { "*": { "InternalError": { "Probability": 0.01 } } }
            }
            """);

        var region = new Ec2Region(options);
        var subnet = Assert.Single(region.Snapshot().Subnets);
        Assert.Equal(("subnet-big", 65531, "euw1-az1"), (subnet.SubnetId, subnet.AvailableIpAddressCount, subnet.AvailabilityZoneId));
        Assert.Equal(["default", "nodes"], region.Snapshot().SecurityGroups.Select(g => g.GroupName));
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Latency.AttachCompletion.Median);
        Assert.Equal(new BucketStatus("CreateNetworkInterface", 200, 50, 200), region.Snapshot().Buckets.Single(b => b.Bucket == "CreateNetworkInterface"));
    }

    [Theory]
    [InlineData("""{ "Colour": "blue" }""", "'$.Colour'")]
    [InlineData("""{ "Vpcs": [ { "CidrBlock": "10.0.0.0/16", "Subnets": [ { "CidrBlock": "10.1.0.0/24", "AvailabilityZone": "us-east-1a" } ] } ] }""",
        "Vpcs[0].Subnets[0].CidrBlock: 10.1.0.0/24 is not inside the VPC's 10.0.0.0/16")]
    [InlineData("""{ "Vpcs": [ { "CidrBlock": "10.0.0.0/16", "Subnets": [ { "CidrBlock": "10.0.0.0/29", "AvailabilityZone": "us-east-1a" } ] } ] }""",
        "Vpcs[0].Subnets[0].CidrBlock: 10.0.0.0/29 must be between /16 and /28")]
    [InlineData("""{ "Vpcs": [ { "CidrBlock": "10.0.0.0/16", "Subnets": [ { "CidrBlock": "10.0.0.0/24", "AvailabilityZone": "eu-west-1a" } ] } ] }""",
        "Vpcs[0].Subnets[0].AvailabilityZone")]
    [InlineData("""{ "Throttling": { "Buckets": { "CreateNetworkInterfaces": { "Capacity": 1 } } } }""", "Throttling.Buckets.CreateNetworkInterfaces")]
    [InlineData("""{ "Throttling": { "Buckets": { "CreateTags": { "Capacity": 0 } } } }""", "Throttling.Buckets.CreateTags.Capacity")]
    [InlineData("""{ "Faults": { "AttachNetworkInterface": { "Unavailable": { "Probability": 2 } } } }""", "Faults.AttachNetworkInterface.Unavailable.Probability")]
    [InlineData("""{ "TimeCompression": 0 }""", "TimeCompression")]
    [InlineData("""{ "Latency": { "AttachCompletion": { "Median": "soon", "P99": "2s" } } }""", "'soon' is not a duration")]
    public void Invalid_config_fails_fast_naming_the_key(string json, string expected)
    {
        var e = Assert.Throws<OptionsValidationException>(() => EmulatorConfigFile.Parse(json));

        Assert.Contains(e.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("150ms", 150)]
    [InlineData("2s", 2000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("00:00:01.250", 1250)]
    public void Durations_read_with_units(string text, double ms)
    {
        Assert.True(DurationJsonConverter.TryParse(text, out var value));
        Assert.Equal(ms, value.TotalMilliseconds);
    }
}
