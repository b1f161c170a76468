using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Ec2.Emulator.Options;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>
/// A subnet with free addresses but no free aligned /28 (EC2 shows no fragmentation: its free-address count looks
/// healthy). Fleet learns it from EC2's answer, takes the node's prefixes from a sibling subnet in the AZ, or uses
/// secondary IPs for that call only, and goes back to prefixes once blocks are free again (unlike Cilium #46644).
/// </summary>
public sealed class FragmentedSubnetTests : IAsyncLifetime
{
    private const string FragmentedA = "subnet-0f000000000000001";
    private const string SiblingA = "subnet-0f000000000000002";
    private const string FragmentedB = "subnet-0f000000000000003";
    private AllocatorCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await AllocatorCluster.StartAsync(new ClusterSetup
    {
        Emulator = o => o.Vpcs =
        [
            new VpcOptions
            {
                Id = "vpc-0f000000000000001", CidrBlock = "10.1.0.0/16", IsDefault = true,
                Subnets =
                [
                    // A /26 holds four /28s; the first and last hold AWS's reserved addresses, so two are free to break.
                    new SubnetOptions { Id = FragmentedA, CidrBlock = "10.1.0.0/26", AvailabilityZone = "us-east-1a", DefaultForAz = true },
                    new SubnetOptions { Id = SiblingA, CidrBlock = "10.1.1.0/24", AvailabilityZone = "us-east-1a" },
                    new SubnetOptions { Id = FragmentedB, CidrBlock = "10.1.2.0/26", AvailabilityZone = "us-east-1b", DefaultForAz = true },
                ],
                SecurityGroups = [new SecurityGroupOptions { Id = "sg-0f000000000000001", Name = "default", Description = "default" }],
            },
        ],
        Config =
        {
            ["Fleet:Allocator:SubnetExhaustedFor"] = "00:00:01",
            ["Fleet:Allocator:SubnetRefreshInterval"] = "00:00:00.500",
        },
    });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task New_eni_takes_its_prefixes_from_a_sibling_subnet_when_the_node_subnet_has_no_free_block()
    {
        Fragment("10.1.0.20", "10.1.0.40", FragmentedA);
        var node = _cluster.Launch(1, subnetId: FragmentedA)[0];
        await _cluster.Node(node).SetSpec(new NodeSpecDto { MinAllocate = 45, FirstInterfaceIndex = 1, PrefixDelegation = "on" });

        await _cluster.Node(node).ReportDemand(new DemandReport(0));
        var allocation = (await _cluster.WaitForAllAsync([node]))[0];

        var eni = Assert.Single(allocation.Enis);
        Assert.Equal((SiblingA, 3), (eni.SubnetId, eni.Prefixes.Length));
        Assert.Contains(_cluster.Region.Trail(), t => t.Action == "CreateNetworkInterface" && t.SubnetId == FragmentedA && t.Outcome == "InsufficientCidrBlocks");
        var view = await _cluster.Node(node).GetView();
        Assert.Contains("InsufficientCidrBlocks", view.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_sibling_the_call_uses_secondary_ips_and_prefixes_return_once_blocks_are_free()
    {
        var blockers = Fragment("10.1.2.20", "10.1.2.40", FragmentedB);
        var node = _cluster.Launch(1, "m5.xlarge", FragmentedB)[0];
        await _cluster.Node(node).SetSpec(new NodeSpecDto { MinAllocate = 10, PrefixDelegation = "on" });

        await _cluster.Node(node).ReportDemand(new DemandReport(0));
        var first = (await _cluster.WaitForAllAsync([node]))[0];
        var eth0 = Assert.Single(first.Enis);
        Assert.Equal((10, 0), (eth0.Ips.Length, eth0.Prefixes.Length));

        foreach (var blocker in blockers)
        {
            Assert.True(_cluster.Region.DeleteNetworkInterface(new DeleteNetworkInterfaceRequest(blocker)).IsSuccess);
        }

        // Once Fleet sees free blocks again (the exhaustion mark expired, the subnet was re-read), growth uses prefixes.
        var zone = _cluster.Client.GetGrain<Abstractions.Grains.ISubnetGrain>("vpc-0f000000000000001/us-east-1b");
        await Eventually.Until(() => zone.GetCapacity(), c => c.Single(s => s.SubnetId == FragmentedB).FreeBlocks > 0, "the subnet shows free blocks again");
        await _cluster.Node(node).SetSpec(new NodeSpecDto { MinAllocate = 40, PrefixDelegation = "on" });
        var after = await Eventually.Until(() => _cluster.Node(node).GetAllocation(), a => a.Status == NodeStatus.Ready && a.Available >= 40,
            "the node reaches 40 addresses");
        var grown = Assert.Single(after.Enis);
        Assert.NotEmpty(grown.Prefixes);
        Assert.Equal(10, grown.Ips.Length);
    }

    private string[] Fragment(string first, string second, string subnet) =>
    [
        .. new[] { first, second }.Select(address =>
        {
            var result = _cluster.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest { SubnetId = subnet, PrivateIpAddress = address });
            Assert.True(result.IsSuccess, result.Error?.ToString());
            return result.Value!.NetworkInterface.NetworkInterfaceId;
        }),
    ];
}
