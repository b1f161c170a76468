using System.Text.Json.Nodes;

namespace Fleet.Reliability.Tests.Infrastructure;

/// <summary>The emulator's region for process-cluster runs: two /17 subnets, EC2's buckets and latencies, time compressed.</summary>
internal static class ProcessRegion
{
    public const string SubnetA = "subnet-0ae000000000000a1";
    public const string SubnetB = "subnet-0ae000000000000b1";

    public static JsonObject Config(double compression) => new()
    {
        ["TimeCompression"] = compression,
        ["Seed"] = 9,
        ["Vpcs"] = new JsonArray(new JsonObject
        {
            ["Id"] = "vpc-0ae00000000000001",
            ["CidrBlock"] = "10.0.0.0/16",
            ["IsDefault"] = true,
            ["Subnets"] = new JsonArray(
                new JsonObject { ["Id"] = SubnetA, ["CidrBlock"] = "10.0.0.0/17", ["AvailabilityZone"] = "us-east-1a", ["DefaultForAz"] = true },
                new JsonObject { ["Id"] = SubnetB, ["CidrBlock"] = "10.0.128.0/17", ["AvailabilityZone"] = "us-east-1b", ["DefaultForAz"] = true }),
        }),
    };
}
