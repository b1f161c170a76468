using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Client;

namespace Fleet.Cli.Tests;

/// <summary>The grain's one-way pushes can be handled out of order; a subscriber must never be taken back in time.</summary>
public sealed class NodeSubscriptionTests
{
    [Fact]
    public async Task An_allocation_older_than_one_already_delivered_is_dropped_and_the_same_version_again_is_not()
    {
        var seen = new List<long>();
        await using var subscription = new NodeSubscription(null!, null!, a => seen.Add(a.Version), TimeSpan.FromSeconds(30), TimeProvider.System);

        foreach (var version in new long[] { 3, 5, 4, 5, 6, 2 })
        {
            await subscription.OnAllocationChanged(Allocation(version));
        }

        Assert.Equal([3L, 5, 5, 6], seen);
    }

    private static NodeAllocation Allocation(long version) =>
        new("i-0123456789abcdef0", NodeStatus.Ready, "ready", 48, 30, 0, 38, ImmutableArray<EniAllocation>.Empty, ImmutableArray<string>.Empty, version);
}
