using Fleet.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.ProcessFaults;

/// <summary>
/// Process faults in a two-silo Redis cluster of separate processes, mid scale-out of 30 nodes: Redis restarted, a
/// silo killed and restarted with the same identity, the whole cluster killed and started again. (kill -9 of one of
/// three silos is Fleet.EndToEnd.Tests' KillSiloTests.) Nothing may be lost, duplicated or leaked in EC2.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    private const int Nodes = 30;

    [Fact]
    public async Task Redis_restarted_mid_run_loses_no_node_and_leaks_nothing()
    {
        await using var cluster = await ProcessChurn.StartClusterAsync();
        var figures = await new ProcessChurn(cluster, output).RunAsync("Redis restarted", Nodes,
            agents => cluster.Redis.RestartAsync(() => agents.WaitForFailuresAsync(1))); // down until an agent feels it (a write times out)
        AssertClean(figures);
    }

    [Fact]
    public async Task A_silo_killed_and_restarted_with_the_same_identity_rejoins_and_nothing_is_duplicated()
    {
        await using var cluster = await ProcessChurn.StartClusterAsync();
        var figures = await new ProcessChurn(cluster, output).RunAsync("silo restarted, same identity", Nodes, _ => cluster.Silos[1].RestartAsync(kill: true));
        AssertClean(figures);
    }

    [Fact]
    public async Task The_whole_cluster_killed_and_started_again_rebuilds_from_redis_and_ec2_without_duplicate_enis()
    {
        await using var cluster = await ProcessChurn.StartClusterAsync();
        var figures = await new ProcessChurn(cluster, output).RunAsync("whole cluster killed and restarted", Nodes, async _ =>
        {
            await cluster.StopAllAsync(kill: true);
            await cluster.StartAllAsync();
        });
        AssertClean(figures);
    }

    private static void AssertClean(RunFigures f)
    {
        Assert.True(f.Violations.Count == 0, $"{f.Violations.Count} violations, first: {string.Join(" | ", f.Violations.Take(5))}");
        Assert.Equal((0, 0, 0, 0, 0), (f.Leaked, f.Duplicates, f.ReleasedInUse, f.Evicted, f.NotAtTarget));
        Assert.Equal(0, f.Throttled);
        Assert.Equal(0L, f.Refused);
        // No instance is terminated in these runs: an ENI the janitor had to delete would be one created twice.
        Assert.Equal(0, f.EnisDeleted);
    }
}
