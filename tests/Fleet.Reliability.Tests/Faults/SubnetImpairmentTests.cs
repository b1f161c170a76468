using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Core.Planning;
using Fleet.Ec2.Emulator.Options;
using Fleet.Reliability.Tests.Infrastructure;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.Faults;

/// <summary>
/// A node whose subnet is impaired tries a sibling subnet in its zone when one is healthy. Pods get addresses from two
/// tagged subnets of us-east-1a; the larger, which every node would choose first, fails every call that touches it
/// (503) for the whole test. A node's first create there fails; the subnet is marked impaired for the zone, and that
/// node's retry, and every other node's ENIs, go to the healthy sibling.
/// </summary>
public sealed class SubnetImpairmentTests(ITestOutputHelper output)
{
    private const string NodeSubnet = "subnet-0a000000000000001";
    private const string ImpairedSubnet = "subnet-0a00000000000a001";
    private const string HealthySubnet = "subnet-0a00000000000a002";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Longer than the test: how many creates fail then does not depend on how fast a loaded machine runs it.
        ["Fleet:Allocator:SubnetImpairedFor"] = "00:10:00",
    };

    [Fact]
    public async Task Nodes_whose_pod_subnet_fails_create_their_enis_in_the_healthy_sibling()
    {
        await using var cluster = await FaultCluster.StartAsync(o => o.Vpcs = PodSubnets(), Settings);
        cluster.Region.SetFaults(new Dictionary<string, ActionFaultOptions>
        {
            ["subnet:" + ImpairedSubnet] = new() { Unavailable = new() { Probability = 1 } },
        });
        var nodes = cluster.Launch(6, subnetId: NodeSubnet);
        var spec = new NodeSpecDto
        {
            PrefixDelegation = "on",
            FirstInterfaceIndex = 1, // eth0 is never grown: every address comes from an ENI in a pod subnet
            SubnetTags = ImmutableDictionary<string, string>.Empty.Add("pods", "1"),
        };
        await Task.WhenAll(nodes.Select(n => cluster.Node(n).SetSpec(spec)));

        await Task.WhenAll(nodes.Select(n => cluster.Node(n).ReportDemand(new DemandReport(40))));
        await Eventually.Until(async () => await Task.WhenAll(nodes.Select(n => cluster.Node(n).GetAllocation())),
            all => all.All(a => a.Status == NodeStatus.Ready), "every node at its target", TimeSpan.FromSeconds(90));

        var failed = cluster.Region.Trail().Count(t => t.Action == "CreateNetworkInterface" && t.SubnetId == ImpairedSubnet && t.Outcome != "OK");
        var enis = Ec2State.From(cluster.Region.Snapshot()).FleetEnis(FaultCluster.ClusterName).ToList();
        output.WriteLine($"{nodes.Count} nodes at target; creates failed in the impaired subnet: {failed}; ENIs by subnet: " +
            string.Join(", ", enis.GroupBy(e => e.SubnetId).Select(g => $"{g.Key} {g.Count()}")));

        Assert.True(failed > 0, "no create was sent to the impaired subnet: the test tested nothing");
        // A node retries its create with the same token until the consistency grace (30 s) has passed, since an applied
        // create may not show yet, backing off between tries: a bounded number of failures each, never a loop.
        Assert.InRange(failed, SubnetLedger.StrikesToImpair, nodes.Count * 16);
        Assert.All(enis, e => Assert.Equal(HealthySubnet, e.SubnetId));
        Assert.All(enis, e => Assert.NotNull(e.AttachedTo));
        Assert.Equal(nodes.Count, enis.Count);
    }

    /// <summary>The test region with two pod subnets in us-east-1a; the impaired one is the larger, so every node tries it first.</summary>
    private static List<VpcOptions> PodSubnets()
    {
        var vpc = ClusterSetup.LargeRegion()[0];
        vpc.Subnets =
        [
            new SubnetOptions { Id = NodeSubnet, CidrBlock = "10.0.0.0/18", AvailabilityZone = "us-east-1a", DefaultForAz = true },
            new SubnetOptions { Id = ImpairedSubnet, CidrBlock = "10.0.64.0/19", AvailabilityZone = "us-east-1a", Tags = { ["pods"] = "1" } },
            new SubnetOptions { Id = HealthySubnet, CidrBlock = "10.0.96.0/20", AvailabilityZone = "us-east-1a", Tags = { ["pods"] = "1" } },
            new SubnetOptions { Id = "subnet-0b000000000000001", CidrBlock = "10.0.128.0/17", AvailabilityZone = "us-east-1b", DefaultForAz = true },
        ];
        return [vpc];
    }
}
