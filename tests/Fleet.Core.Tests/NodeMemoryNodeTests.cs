using Fleet.Core.Catalog;
using Fleet.Core.Node;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

/// <summary>
/// <see cref="NodeMemory.Node"/> is built once per instance and ENIs and shared by the memory's copies; it must never
/// answer a node other than the one the memory holds, and never make two memories unequal.
/// </summary>
public sealed class NodeMemoryNodeTests
{
    private static readonly InstanceFacts Facts = new("us-east-1a", "vpc-1", "subnet-a", InstanceTypeCatalog.Embedded.Get("m5.large"));

    private static NodeMemory Discovered() => new NodeMemory("i-1") { Instance = Facts, Enis = Fresh().Enis };

    [Fact]
    public void Reading_the_node_twice_gives_the_same_node()
    {
        var memory = Discovered();
        Assert.Same(memory.Node, memory.Node);
    }

    [Fact]
    public void A_copy_with_other_enis_reads_its_own_enis_and_the_original_still_reads_its_own()
    {
        var memory = Discovered();
        var before = memory.Node!;
        var grown = memory with { Enis = [.. memory.Enis, memory.Enis[0] with { Id = "eni-2" }] };

        Assert.Equal(2, grown.Node!.Enis.Length);
        Assert.Single(memory.Node!.Enis);
        Assert.Equal(before, memory.Node);
    }

    [Fact]
    public void A_copy_with_other_instance_facts_reads_them()
    {
        var memory = Discovered();
        _ = memory.Node;
        var moved = memory with { Instance = Facts with { SubnetId = "subnet-b" } };

        Assert.Equal("subnet-b", moved.Node!.NodeSubnetId);
        Assert.Equal("subnet-a", memory.Node!.NodeSubnetId);
    }

    [Fact]
    public void A_node_read_from_one_memory_does_not_make_it_unequal_to_an_unread_one()
    {
        var read = Discovered();
        var unread = read with { };
        _ = read.Node;
        var separate = new NodeMemory("i-1") { Instance = Facts, Enis = read.Enis, Trend = read.Trend };

        Assert.Equal(read, unread);
        Assert.Equal(read, separate);
        Assert.Equal(read.GetHashCode(), separate.GetHashCode());
    }

    [Fact]
    public void An_undiscovered_memory_has_no_node()
    {
        Assert.Null(new NodeMemory("i-1").Node);
    }
}
