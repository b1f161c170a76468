using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Ec2.Emulator;
using Fleet.Grains.Tests.Infrastructure;
using Fleet.Testing;

namespace Fleet.Grains.Tests;

/// <summary>The janitor deletes this cluster's detached ENIs once seen in two passes an interval apart.</summary>
[Collection(FakeTimeCollection.Name)]
public sealed class JanitorTests(FakeTimeClusterFixture fixture)
{
    private AllocatorCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Detached_eni_of_this_cluster_is_deleted_after_two_passes_and_others_are_left_alone()
    {
        var orphan = CreateEni(("fleet.io/cluster", "test"), ("fleet.io/node", "i-0gone0000000000001"));
        var foreign = CreateEni(("fleet.io/cluster", "someone-else"));
        var janitor = Cluster.Client.GetGrain<IJanitorGrain>("test");

        var first = await janitor.RunPass();
        Assert.Contains(orphan, first.Candidates.Keys);
        Assert.DoesNotContain(foreign, first.Candidates.Keys);
        Assert.DoesNotContain(orphan, first.Deleted);

        Cluster.Time!.Advance(TimeSpan.FromMinutes(5));
        await janitor.RunPass();
        await Eventually.Until(() => Cluster.Region.Trail().Any(t => t.Action == "DeleteNetworkInterface" && t.NetworkInterfaceId == orphan && t.Outcome == "OK"),
            deleted => deleted, $"the janitor deletes {orphan}");

        var enis = Cluster.Region.Snapshot().NetworkInterfaces.Select(n => n.NetworkInterfaceId).ToList();
        Assert.DoesNotContain(orphan, enis);
        Assert.Contains(foreign, enis);
    }

    [Fact]
    public async Task A_nodes_ENIs_carry_its_specs_cluster_and_each_clusters_janitor_deletes_only_its_own()
    {
        var node = Cluster.Launch(1)[0];
        await Cluster.Node(node).SetSpec(new NodeSpecDto { FirstInterfaceIndex = 1, PrefixDelegation = "on", Cluster = "blue" });
        Assert.Equal(DemandOutcome.Accepted, (await Cluster.Node(node).ReportDemand(new DemandReport(4))).Outcome);
        await Cluster.WaitForAllAsync([node]);
        var created = Cluster.Region.Snapshot().NetworkInterfaces.Single(n => n.Attachment?.InstanceId == node && n.Attachment.DeviceIndex > 0);
        Assert.Contains(created.Tags, t => t is { Key: "fleet.io/cluster", Value: "blue" });
        Assert.Equal("blue", (await Cluster.Node(node).GetView()).Cluster);

        var blue = CreateEni(("fleet.io/cluster", "blue"), ("fleet.io/node", "i-0gone0000000000002"));
        var green = CreateEni(("fleet.io/cluster", "green"), ("fleet.io/node", "i-0gone0000000000003"));
        var blueJanitor = Cluster.Client.GetGrain<IJanitorGrain>("blue");
        var greenJanitor = Cluster.Client.GetGrain<IJanitorGrain>("green");
        Assert.Equal(new[] { blue }, (await blueJanitor.RunPass()).Candidates.Keys); // the attached ENI of blue's node is no candidate
        Assert.Equal(new[] { green }, (await greenJanitor.RunPass()).Candidates.Keys);

        Cluster.Time!.Advance(TimeSpan.FromMinutes(5));
        await blueJanitor.RunPass();
        await Eventually.Until(() => Cluster.Region.Trail().Any(t => t.Action == "DeleteNetworkInterface" && t.NetworkInterfaceId == blue && t.Outcome == "OK"),
            deleted => deleted, $"blue's janitor deletes {blue}");

        var enis = Cluster.Region.Snapshot().NetworkInterfaces.Select(n => n.NetworkInterfaceId).ToList();
        Assert.Contains(green, enis);
        Assert.Contains(created.NetworkInterfaceId, enis);
    }

    private string CreateEni(params (string Key, string Value)[] tags)
    {
        var result = Cluster.Region.CreateNetworkInterface(new CreateNetworkInterfaceRequest
        {
            SubnetId = "subnet-0a000000000000001",
            TagSpecifications = [new Ec2TagSpecification("network-interface", [.. tags.Select(t => new Ec2Tag(t.Key, t.Value))])],
        });
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value!.NetworkInterface.NetworkInterfaceId;
    }
}
