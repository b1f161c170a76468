using Fleet.Core.Model;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

/// <summary>
/// What a node's plans read of its ENI list on every step (usable addresses, an ENI awaiting attach, one kept on
/// termination) is worked out once per list and shared by the node's copies: a copy with other ENIs, or read under
/// another spec, must answer for itself, and the summary must never make two nodes unequal.
/// </summary>
public sealed class NodeStateSummaryTests
{
    [Fact]
    public void Copies_with_other_enis_read_their_own_summary_whatever_order_they_are_read_in()
    {
        var node = Fresh();
        var eth0 = node.Enis[0];
        var created = eth0 with { Id = "eni-2", Attachment = null, Tags = eth0.Tags.SetItem(FleetTags.Node, node.InstanceId), SecondaryIps = ["10.0.0.20"] };
        var waiting = node.WithEni(created);
        var attached = node.WithEni(created with { Attachment = new EniAttachment("attach-2", 1, 0, DeleteOnTermination: false) });
        var spec = Prefix() with { UsePrimaryAddress = false };

        for (var round = 0; round < 2; round++) // the copies share one cache: read them in turn, twice
        {
            Assert.Null(node.FirstUnattached());
            Assert.Same(created, waiting.FirstUnattached());
            Assert.Null(attached.FirstUnattached());
            Assert.Null(waiting.FirstOwnedKeptOnTermination());
            Assert.Equal("eni-2", attached.FirstOwnedKeptOnTermination()?.Id);
            Assert.Equal(node.UsableAddresses(spec) + 1, attached.UsableAddresses(spec));
            Assert.Equal(node.UsableAddresses(spec), waiting.UsableAddresses(spec)); // not attached: offers nothing yet
        }
    }

    [Fact]
    public void The_usable_count_follows_the_spec_it_is_asked_for()
    {
        var node = Fresh().WithEni(Fresh().Enis[0] with { Id = "eni-2", SecondaryIps = ["10.0.0.20", "10.0.0.21"], Attachment = new EniAttachment("attach-2", 1, 0, true) });
        var withPrimaries = Prefix() with { UsePrimaryAddress = true };
        var fromSecond = Prefix() with { UsePrimaryAddress = false, FirstInterfaceIndex = 1 };

        Assert.Equal(2, node.UsableAddresses(fromSecond));
        Assert.Equal(4, node.UsableAddresses(withPrimaries)); // eth0's primary, and eni-2's two and its primary
        Assert.Equal(2, node.UsableAddresses(fromSecond));
    }

    [Fact]
    public void A_node_read_is_equal_to_an_unread_copy()
    {
        var node = Fresh();
        var copy = new NodeState(node.InstanceId, node.Limits, node.AvailabilityZone, node.VpcId, node.NodeSubnetId, node.Enis); // its own cache
        _ = node.FirstUnattached();
        _ = node.UsableAddresses(Prefix());

        Assert.Equal(copy, node);
        Assert.Equal(copy.GetHashCode(), node.GetHashCode());
    }
}
