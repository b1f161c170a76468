using Fleet.Ec2.Emulator.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Ec2.Emulator.Tests;

/// <summary>A region on a fake clock, with latency off unless a test turns it on, and shortcuts for common steps.</summary>
internal sealed class Harness
{
    public Harness(Action<EmulatorOptions>? configure = null)
    {
        Options = new EmulatorOptions();
        Options.Latency.Enabled = false;
        Options.Latency.AttachCompletion = LatencySpec.Fixed(TimeSpan.FromSeconds(2));
        Options.Latency.DetachCompletion = LatencySpec.Fixed(TimeSpan.FromSeconds(3));
        configure?.Invoke(Options);
        Region = new Ec2Region(Options, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public EmulatorOptions Options { get; }

    public Ec2Region Region { get; }

    /// <summary>The subnet with this CIDR.</summary>
    public string Subnet(string cidr) => Region.Snapshot().Subnets.Single(s => s.CidrBlock == cidr).SubnetId;

    /// <summary>The default /20 of us-east-1a.</summary>
    public string Subnet20 => Subnet("10.0.16.0/20");

    /// <summary>The /24 of us-east-1a.</summary>
    public string Subnet24 => Subnet("10.0.0.0/24");

    public Ec2Instance Launch(string type = "m5.large", string? subnet = null) =>
        Region.RunInstances(new RunInstancesRequest { InstanceType = type, SubnetId = subnet ?? Subnet20 }).Value!.Reservation.Instances[0];

    public Ec2NetworkInterface Create(string? subnet = null, int? prefixes = null, int? ips = null, string? token = null) =>
        Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest
        {
            SubnetId = subnet ?? Subnet20,
            Ipv4PrefixCount = prefixes,
            SecondaryPrivateIpAddressCount = ips,
            ClientToken = token,
        }).Result.GetValueOrThrow().NetworkInterface;

    public Ec2NetworkInterface Describe(string eniId) =>
        Region.DescribeNetworkInterfaces(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [eniId] }).Value!.NetworkInterfaces.Single();

    public string Attach(string eniId, string instanceId, int deviceIndex = 1) =>
        Region.AttachNetworkInterface(new AttachNetworkInterfaceRequest(eniId, instanceId, deviceIndex)).Result.GetValueOrThrow().AttachmentId;
}
