using System.Collections.Immutable;
using Fleet.Abstractions.Messages;

namespace Fleet.Abstractions.Grains;

/// <summary>
/// The subnets of one VPC and availability zone (key: <c>{vpc-id}/{az}</c>): free addresses and an estimate of free
/// /28 blocks as last described, minus reservations made since; subnets EC2 called exhausted are avoided for a while.
/// </summary>
[Alias("fleet.ISubnetGrain")]
public interface ISubnetGrain : IGrainWithStringKey
{
    /// <summary>Capacity of every subnet in the zone (describes them first if never seen or stale).</summary>
    [Alias("GetCapacity")]
    Task<ImmutableArray<SubnetCapacityView>> GetCapacity();

    /// <summary>Records addresses and /28 blocks just taken by a successful call.</summary>
    [OneWay, Alias("Reserve")]
    Task Reserve(string subnetId, int addresses, int blocks);

    /// <summary>Records addresses and blocks given back.</summary>
    [OneWay, Alias("Return")]
    Task Return(string subnetId, int addresses, int blocks);

    /// <summary>EC2 said the subnet has no free /28 (<paramref name="prefixesOnly"/>) or no free address.</summary>
    [OneWay, Alias("MarkExhausted")]
    Task MarkExhausted(string subnetId, bool prefixesOnly);

    /// <summary>
    /// A call into the subnet failed transiently (5xx, timeout): it comes after its healthy siblings for
    /// <c>SubnetImpairedFor</c>. Awaited, so the caller's next read of the capacity sees it.
    /// </summary>
    [Alias("MarkImpaired")]
    Task MarkImpaired(string subnetId);

    /// <summary>The subnets as this grain sees them.</summary>
    [AlwaysInterleave, Alias("GetState")]
    Task<ImmutableArray<SubnetCapacityView>> GetState();
}
