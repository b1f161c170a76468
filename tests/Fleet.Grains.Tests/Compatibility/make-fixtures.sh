#!/usr/bin/env bash
# Writes fleet-0.1-state.txt: a node grain's and the throttle grain's persisted state, and the token protocol's
# messages, serialized by Fleet 0.1 (commit c6d1192, the last main before the node loop moved into Fleet.Core) with
# every field set. StateCompatibilityTests reads them with today's code. Run from the repository root; needs the
# commit in the history and the NuGet packages of that commit (the same versions as today's).
set -euo pipefail
commit=c6d1192
root=$(git rev-parse --show-toplevel)
out="$root/tests/Fleet.Grains.Tests/Compatibility/fleet-0.1-state.txt"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git -C "$root" archive "$commit" src/Fleet.Abstractions Directory.Build.props Directory.Packages.props global.json BannedSymbols.txt .editorconfig | tar -x -C "$work"
mkdir -p "$work/gen"
cat > "$work/gen/gen.csproj" <<'PROJ'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><IsTestProject>true</IsTestProject><NoWarn>$(NoWarn);CS1591</NoWarn></PropertyGroup>
  <ItemGroup><ProjectReference Include="../src/Fleet.Abstractions/Fleet.Abstractions.csproj" /></ItemGroup>
  <ItemGroup><PackageReference Include="Microsoft.Orleans.Sdk" /></ItemGroup>
</Project>
PROJ
cat > "$work/gen/Program.cs" <<'CODE'
using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Abstractions.State;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
var at = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
var node = new NodeGrainState
{
    Instance = new InstanceRecord
    {
        InstanceType = "m5.large", AvailabilityZone = "us-east-1a", VpcId = "vpc-0fleet", SubnetId = "subnet-0a000000000000001",
        Hypervisor = "nitro", BareMetal = false, MaxInterfaces = 3, Ipv4PerInterface = 10, DefaultNetworkCard = 0, NetworkCards = [[0, 3]],
    },
    Spec = new NodeSpecDto
    {
        PreAllocate = 16, MinAllocate = 45, MaxAllocate = 200, MaxAboveWatermark = 12, FirstInterfaceIndex = 1, UsePrimaryAddress = true,
        PrefixDelegation = "on", SubnetIds = ["subnet-0a000000000000001"], SubnetTags = ImmutableDictionary<string, string>.Empty.Add("tier", "pods"),
        SecurityGroups = ["sg-0test00000000000001"], DeleteOnTermination = false,
    },
    Enis =
    [
        new EniRecord
        {
            Id = "eni-0aaaaaaaaaaaaaaa1", SubnetId = "subnet-0a000000000000001", PrimaryIp = "10.0.0.10", SecondaryIps = ["10.0.0.11"],
            Prefixes = ["10.0.1.0/28", "10.0.1.16/28"], SecurityGroups = ["sg-0test00000000000001"],
            Tags = new() { ["fleet.io/node"] = "i-0aaaaaaaaaaaaaaa1", ["fleet.io/intent"] = "fleet-i-0aaaaaaaaaaaaaaa1-3" },
            AttachmentId = "eni-attach-0aaaaaaaaaaaaaaa1", DeviceIndex = 1, NetworkCard = 0, DeleteOnTermination = true, CreatedAt = at,
        },
    ],
    Demand = new DemandRecord { Used = 20, Pending = 3, InUse = ["10.0.1.1", "10.0.1.2"], ReportedAt = at.AddSeconds(1) },
    Intent = new IntentRecord
    {
        Action = "CreateNetworkInterface", EniId = "eni-0aaaaaaaaaaaaaaa2", SubnetId = "subnet-0a000000000000001", Kind = "prefix", Count = 9,
        DeviceIndex = 2, NetworkCard = 0, SecurityGroups = ["sg-0test00000000000001"], Prefixes = ["10.0.2.0/28"], Ips = ["10.0.2.99"],
        AttachmentId = "eni-attach-0aaaaaaaaaaaaaaa2", ClientToken = "fleet-i-0aaaaaaaaaaaaaaa1-4", CreatedAt = at.AddSeconds(2), Attempts = 2,
    },
    Release = new ReleaseRecord { EniId = "eni-0aaaaaaaaaaaaaaa1", Prefixes = ["10.0.1.16/28"], Ips = ["10.0.0.11"], ProposedAt = at.AddSeconds(3), AckedAt = at.AddSeconds(4) },
    LastError = new ErrorRecord { Action = "AssignPrivateIpAddresses", Code = "InternalError", Message = "boom", At = at.AddSeconds(5) },
    IntentSequence = 4,
    Calls = new() { ["AssignPrivateIpAddresses"] = 3, ["CreateNetworkInterface"] = 1 },
    ShortSince = at.AddSeconds(6),
    Version = 17,
    UpdatedAt = at.AddSeconds(7),
    InstanceGone = true,
    Abandoned = ["eni-0aaaaaaaaaaaaaaa3"],
    Released = ["10.0.1.32/28"],
    Trend = new TrendRecord { GrowthPerSecond = 0.25, LastSeconds = 1000, LastTotal = 23, LowSeconds = 900, LowTotal = 10 },
};
var throttle = new ThrottleGrainState { Epoch = 5, SpentUntil = at.AddSeconds(8) };
var request = new TokenRequest("i-0aaaaaaaaaaaaaaa1", null!, "AssignPrivateIpAddresses", new TokenUrgency(WorkKind.Housekeeping, 3, 28), HoldsNothing: true);
var grant = new TokenGrant(4294967301, "AttachNetworkInterface", WorkKind.Housekeeping, at.AddSeconds(9), TimeSpan.FromSeconds(12.5));
Console.WriteLine("node " + Convert.ToBase64String(serializer.SerializeToArray(node)));
Console.WriteLine("throttle " + Convert.ToBase64String(serializer.SerializeToArray(throttle)));
Console.WriteLine("request " + Convert.ToBase64String(serializer.SerializeToArray(request)));
Console.WriteLine("grant " + Convert.ToBase64String(serializer.SerializeToArray(grant)));
CODE
{
  echo "# Written by make-fixtures.sh from commit $commit: Fleet 0.1's persisted state and token messages, base64 of Orleans' serializer."
  dotnet run --project "$work/gen" -c Release 2>/dev/null
} > "$out"
echo "wrote $out"
