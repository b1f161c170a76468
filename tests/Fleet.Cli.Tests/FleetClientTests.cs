using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Testing;

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
        var pushed = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(pushed.Available >= 58, $"pushed allocation holds {pushed.Available}");
        Assert.NotEmpty(pushed.Enis.Single().Prefixes);
    }

    [Fact]
    public async Task Invalid_client_options_are_refused_naming_the_problem()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FleetClient.ConnectAsync(new FleetClientOptions { Gateways = ["no-port"] }));
        Assert.Contains("no-port", error.Message, StringComparison.Ordinal);
    }
}
