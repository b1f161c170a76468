using Fleet.Abstractions.Grains;
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
