using System.Text.Json;
using Fleet.Core.Addressing;
using Fleet.Ec2.EmulatorTests.Tools;

namespace Fleet.Ec2.EmulatorTests.Http;

/// <summary>The <c>aws</c> CLI (botocore) against the emulator: every answer must parse.</summary>
[Collection(EmulatorServerCollection.Name)]
public sealed class AwsCliTests(EmulatorServerFixture fx)
{
    private async Task<JsonElement> AwsAsync(params string[] args)
    {
        var result = await AwsRawAsync(args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)} failed ({result.ExitCode}): {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    private Task<ProcessRunner.Result> AwsRawAsync(params string[] args) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("aws"), ["ec2", .. args, "--endpoint-url", fx.BaseAddress.ToString(), "--region", "us-east-1", "--output", "json"]);

    [Fact]
    public async Task CLI_launches_creates_with_three_prefixes_attaches_describes_and_hits_the_slot_limit()
    {
        var run = await AwsAsync("run-instances", "--image-id", "ami-12345678", "--instance-type", "m5.large", "--count", "1");
        var instanceId = run.GetProperty("Instances")[0].GetProperty("InstanceId").GetString()!;
        var subnets = await AwsAsync("describe-subnets", "--filters", "Name=default-for-az,Values=true", "Name=availability-zone,Values=us-east-1a");
        var subnet = subnets.GetProperty("Subnets")[0];
        var created = await AwsAsync("create-network-interface", "--subnet-id", subnet.GetProperty("SubnetId").GetString()!, "--ipv4-prefix-count", "3");
        var eniId = created.GetProperty("NetworkInterface").GetProperty("NetworkInterfaceId").GetString()!;
        var attached = await AwsAsync("attach-network-interface", "--network-interface-id", eniId, "--instance-id", instanceId, "--device-index", "1");
        var described = await AwsAsync("describe-network-interfaces", "--filters", $"Name=attachment.instance-id,Values={instanceId}");
        var assign = await AwsRawAsync("assign-private-ip-addresses", "--network-interface-id", eniId, "--ipv4-prefix-count", "7");

        Assert.StartsWith("eni-attach-", attached.GetProperty("AttachmentId").GetString(), StringComparison.Ordinal);
        var enis = described.GetProperty("NetworkInterfaces").EnumerateArray().ToList();
        Assert.Equal(2, enis.Count);
        var prefixes = enis.Single(e => e.GetProperty("NetworkInterfaceId").GetString() == eniId)
            .GetProperty("Ipv4Prefixes").EnumerateArray().Select(p => p.GetProperty("Ipv4Prefix").GetString()!).ToList();
        Assert.Equal(3, prefixes.Count);
        var cidr = subnet.GetProperty("CidrBlock").GetString()!;
        Assert.All(prefixes, p =>
        {
            var (network, length) = Ipv4.ParseCidr(p);
            Assert.Equal((28, 0u), (length, network % 16));
            Assert.True(Ipv4.PrefixContains(cidr, Ipv4.Format(network)), $"{p} is not inside {cidr}");
        });
        Assert.Equal(255, assign.ExitCode);
        Assert.Contains("An error occurred (PrivateIpAddressLimitExceeded) when calling the AssignPrivateIpAddresses operation: Number of private addresses will exceed limit.",
            assign.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CLI_paginates_filtered_describes_and_instance_types()
    {
        var subnet = fx.Region.Snapshot().Subnets.Single(s => s.CidrBlock == "10.0.32.0/20").SubnetId;
        for (var i = 0; i < 6; i++)
        {
            await AwsAsync("create-network-interface", "--subnet-id", subnet, "--secondary-private-ip-address-count", "2",
                "--tag-specifications", "ResourceType=network-interface,Tags=[{Key=cli-page,Value=yes}]");
        }

        // --page-size makes the CLI send MaxResults and follow NextToken until the end.
        var all = await AwsAsync("describe-network-interfaces", "--filters", "Name=tag:cli-page,Values=yes", "--page-size", "5");
        var firstPage = await AwsAsync("describe-network-interfaces", "--filters", "Name=tag:cli-page,Values=yes", "--max-items", "5");
        var types = await AwsAsync("describe-instance-types", "--filters", "Name=instance-type,Values=m5.*", "--page-size", "5");

        Assert.Equal(6, all.GetProperty("NetworkInterfaces").GetArrayLength());
        Assert.All(all.GetProperty("NetworkInterfaces").EnumerateArray(), e => Assert.Equal(3, e.GetProperty("PrivateIpAddresses").GetArrayLength()));
        Assert.Equal(5, firstPage.GetProperty("NetworkInterfaces").GetArrayLength());
        Assert.True(firstPage.TryGetProperty("NextToken", out _));
        var names = types.GetProperty("InstanceTypes").EnumerateArray().Select(t => t.GetProperty("InstanceType").GetString()).ToList();
        Assert.Contains("m5.large", names);
        Assert.True(names.Count > 5);
        Assert.Equal(10, types.GetProperty("InstanceTypes").EnumerateArray().Single(t => t.GetProperty("InstanceType").GetString() == "m5.large")
            .GetProperty("NetworkInfo").GetProperty("Ipv4AddressesPerInterface").GetInt32());
    }

    [Fact]
    public async Task Boto3_parses_every_action_it_calls()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "boto3_probe.py");

        var result = await ProcessRunner.RunAsync(ProcessRunner.Require("python3"), [script, fx.BaseAddress.ToString()]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var probe = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal(3, probe.GetProperty("prefixes").GetInt32());
        Assert.Equal(2, probe.GetProperty("assigned").GetInt32());
        Assert.Equal(7, probe.GetProperty("paged").GetInt32());
        Assert.True(probe.GetProperty("pages").GetInt32() >= 2);
        Assert.Equal("attaching", probe.GetProperty("attachment").GetString());
        Assert.Equal("PrivateIpAddressLimitExceeded", probe.GetProperty("limit_error").GetString());
        Assert.Equal("InvalidNetworkInterfaceID.NotFound", probe.GetProperty("not_found").GetString());
        Assert.Equal("DryRunOperation", probe.GetProperty("dry_run").GetString());
        Assert.Equal("shutting-down", probe.GetProperty("terminated").GetString());
    }
}
