using Fleet.Testing;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>
/// An allocator cluster whose grain clock is a FakeTimeProvider the tests advance (throttle refills, ticks, release
/// delay, janitor windows), while membership, messaging and I/O stay on real time. The Assign bucket holds one token
/// and refills one every 10 s, so a test can keep a node waiting for its token as long as it likes. Lookahead is off,
/// so call sizes follow the demand alone.
/// </summary>
public sealed class FakeTimeClusterFixture : IAsyncLifetime
{
    public AllocatorCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await AllocatorCluster.StartAsync(new ClusterSetup
    {
        FakeTime = true,
        Config =
        {
            ["Fleet:Throttle:ArrivalJitter"] = "00:00:00",
            ["Fleet:Allocator:LookaheadFactor"] = "0",
            ["Fleet:Throttle:Buckets:AssignPrivateIpAddresses:Capacity"] = "1",
            ["Fleet:Throttle:Buckets:AssignPrivateIpAddresses:RefillPerSecond"] = "0.1",
        },
    });

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
