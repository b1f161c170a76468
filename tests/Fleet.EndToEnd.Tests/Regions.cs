using System.Text.Json.Nodes;

namespace Fleet.EndToEnd.Tests;

/// <summary>Emulator region files for end-to-end runs.</summary>
internal static class Regions
{
    public const string SubnetA = "subnet-0e2e0000000000001";
    public const string SubnetB = "subnet-0e2e0000000000002";

    /// <summary>Two /17 subnets (room for hundreds of prefix-mode nodes), EC2's latencies and buckets, time compressed.</summary>
    public static JsonObject Large(double compression, JsonObject? faults = null) => new()
    {
        ["TimeCompression"] = compression,
        ["Seed"] = 7,
        ["Vpcs"] = new JsonArray(new JsonObject
        {
            ["Id"] = "vpc-0e2e0000000000001",
            ["CidrBlock"] = "10.0.0.0/16",
            ["IsDefault"] = true,
            ["Subnets"] = new JsonArray(
                new JsonObject { ["Id"] = SubnetA, ["CidrBlock"] = "10.0.0.0/17", ["AvailabilityZone"] = "us-east-1a", ["DefaultForAz"] = true },
                new JsonObject { ["Id"] = SubnetB, ["CidrBlock"] = "10.0.128.0/17", ["AvailabilityZone"] = "us-east-1b", ["DefaultForAz"] = true }),
        }),
        ["Faults"] = faults ?? new JsonObject(),
    };
}
