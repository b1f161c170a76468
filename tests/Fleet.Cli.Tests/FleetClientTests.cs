using Fleet.Abstractions.Grains;
using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Fleet.Cli.Tests;

/// <summary>The client library agents use, against a real silo over its gateway.</summary>
public sealed class FleetClientTests(SiloForCli fixture) : IClassFixture<SiloForCli>
{
    [Fact]
    public async Task A_subscribed_agent_is_told_when_its_node_gets_capacity()
    {
        var node = fixture.Silo.Launch(1)[0];
        await using var client = await FleetClient.ConnectAsync(new FleetClientOptions { Gateways = [fixture.Silo.Gateway] });
        var ready = new TaskCompletionSource<NodeAllocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await client.SubscribeAsync(node, a =>
        {
            if (a.Status == NodeStatus.Ready && a.Used == 50)
            {
                ready.TrySetResult(a);
            }
        });

        var result = await client.ReportDemandAsync(node, new DemandReport(50));

        Assert.Equal(DemandOutcome.Accepted, result.Outcome);
        var pushed = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(pushed.Available >= 58, $"pushed allocation holds {pushed.Available}");
        Assert.NotEmpty(pushed.Enis.Single().Prefixes);
    }

    [Fact]
    public async Task A_subscription_finds_its_node_grain_again_after_the_grain_was_deactivated()
    {
        var node = fixture.Silo.Launch(1)[0];
        var time = new FakeTimeProvider();
        await using var client = await FleetClient.ConnectAsync(new FleetClientOptions { Gateways = [fixture.Silo.Gateway], TimeProvider = time });
        var ready = new TaskCompletionSource<NodeAllocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterwards = new TaskCompletionSource<NodeAllocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        var deactivated = false;
        await using var subscription = await client.SubscribeAsync(node, a =>
        {
            if (Volatile.Read(ref deactivated))
            {
                afterwards.TrySetResult(a);
            }
            else if (a.Status == NodeStatus.Ready && a.Used == 30)
            {
                ready.TrySetResult(a);
            }
        });
        await client.ReportDemandAsync(node, new DemandReport(30));
        var before = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The activation that knew the observer goes (as when its silo dies); the next one knows nobody.
        Volatile.Write(ref deactivated, true);
        // Collected until gone: Orleans skips an activation busy at that moment (a node finishing its last call).
        var id = client.Cluster.GetGrain<INodeGrain>(node).GetGrainId();
        var management = client.Cluster.GetGrain<IManagementGrain>(0);
        await Eventually.Until(async () =>
        {
            await management.ForceActivationCollection(TimeSpan.Zero);
            return (await management.GetActiveGrains(id.Type)).Contains(id);
        }, active => !active, $"node {node}'s grain deactivated");
        time.Advance(client.Options.SubscriptionRenewal);

        // The renewal reaches a new activation, which tells the subscriber where the node stands.
        var pushed = await afterwards.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((before.Used, before.Available), (pushed.Used, pushed.Available));
        Assert.Equal(before.Enis.SelectMany(e => e.Prefixes), pushed.Enis.SelectMany(e => e.Prefixes));
    }

    [Fact]
    public async Task Invalid_client_options_are_refused_naming_the_problem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FleetClient.ConnectAsync(new FleetClientOptions { Gateways = ["no-port"] }));
        Assert.Contains("no-port", error.Message, StringComparison.Ordinal);

        error = await Assert.ThrowsAsync<ArgumentException>(() => FleetClient.ConnectAsync(new FleetClientOptions { SubscriptionRenewal = TimeSpan.FromMinutes(6) }));
        Assert.Contains("subscription renewal", error.Message, StringComparison.Ordinal);
    }
}
