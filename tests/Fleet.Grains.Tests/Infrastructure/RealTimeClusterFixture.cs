using Fleet.Testing;

namespace Fleet.Grains.Tests.Infrastructure;

/// <summary>One real-time allocator cluster (2 silos) shared by a test class.</summary>
public sealed class RealTimeClusterFixture : IAsyncLifetime
{
    public AllocatorCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await AllocatorCluster.StartAsync(new ClusterSetup());

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
