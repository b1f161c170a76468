using System.Collections.Immutable;
using Fleet.Abstractions.Messages;
using Fleet.Client;
using Fleet.Testing;
using Xunit.Abstractions;

namespace Fleet.Reliability.Tests.BadInput;

/// <summary>
/// Invalid reports through the Orleans client (<see cref="FleetClient"/>, over the silo's gateway): each answered
/// with a clear outcome and detail, and nothing stored — the node's persisted state keeps its version and demand.
/// </summary>
public sealed class OrleansClientTests(OrleansClientTests.Fixture fixture, ITestOutputHelper output) : IClassFixture<OrleansClientTests.Fixture>
{
    private TestSilo Silo => fixture.Silo;

    private FleetClient Client => fixture.Client;

    /// <summary>One silo and one connected client for the class.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestSilo Silo { get; private set; } = null!;

        public FleetClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Silo = await TestSilo.StartAsync();
            Client = await FleetClient.ConnectAsync(new FleetClientOptions { Gateways = [Silo.Gateway] });
        }

        public async Task DisposeAsync()
        {
            await Client.DisposeAsync();
            await Silo.DisposeAsync();
        }
    }

    public static TheoryData<string, DemandReport, DemandOutcome> Invalid => new()
    {
        { "demand above what an m5.large can ever hold (432)", new DemandReport(1_000), DemandOutcome.ExceedsInstanceMaximum },
        { "pending above the instance maximum", new DemandReport(10, 1_000), DemandOutcome.ExceedsInstanceMaximum },
        { "a release acknowledgement for a prefix it does not hold", new DemandReport(10, 0, null, ["10.200.0.0/28"]), DemandOutcome.ForeignAddress },
        { "a release acknowledgement for an IP it does not hold", new DemandReport(10, 0, null, ["10.200.0.7"]), DemandOutcome.ForeignAddress },
        { "an address in use that is not its own", new DemandReport(10, 0, ["192.168.1.1"]), DemandOutcome.ForeignAddress },
        { "negative used", new DemandReport(-1), DemandOutcome.Invalid },
        { "negative pending", new DemandReport(1, -5), DemandOutcome.Invalid },
        { "int.MaxValue used", new DemandReport(int.MaxValue, int.MaxValue), DemandOutcome.Invalid },
        { "an in-use entry that is not an address", new DemandReport(1, 0, ["not-an-ip"]), DemandOutcome.Invalid },
        { "an IPv6 address in use", new DemandReport(1, 0, ["fe80::1"]), DemandOutcome.Invalid },
        { "a release acknowledgement that is not a /28", new DemandReport(1, 0, null, ["10.0.0.0/24"]), DemandOutcome.Invalid },
        { "a 100 kB in-use entry", new DemandReport(1, 0, [new string('9', 100_000)]), DemandOutcome.Invalid },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_report_for_a_known_node_is_refused_with_its_reason_and_stores_nothing(string what, DemandReport report, DemandOutcome expected)
    {
        var id = Silo.Launch(1)[0];
        await Silo.ReportAndWaitReadyAsync(id, used: 12, pending: 3);
        var before = await Client.GetNodeAsync(id);

        var result = await Client.ReportDemandAsync(id, report);

        output.WriteLine($"{what}: {result.Outcome}: {result.Detail}");
        Assert.Equal(expected, result.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        var after = await Client.GetNodeAsync(id);
        Assert.Equal((before.Allocation.Version, 12, 3), (after.Allocation.Version, after.Allocation.Used, after.Allocation.Pending));
    }

    [Theory]
    [InlineData("i-0123456789abcdef0")] // well formed, unknown to EC2
    [InlineData("i-01234567")] // the short form
    public async Task A_report_for_an_instance_EC2_does_not_know_is_refused_and_the_node_is_never_listed(string id)
    {
        var result = await Client.ReportDemandAsync(id, new DemandReport(5));

        output.WriteLine($"{id}: {result.Outcome}: {result.Detail}");
        Assert.Equal(DemandOutcome.UnknownInstance, result.Outcome);
        Assert.Contains(id, result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await Client.ListNodesAsync(), n => n.InstanceId == id);
        Assert.Equal(0, (await Client.GetNodeAsync(id)).Allocation.Used);
    }

    [Fact]
    public async Task A_release_acknowledgement_is_honoured_only_for_what_the_node_proposed()
    {
        var id = Silo.Launch(1)[0];
        var ready = await Silo.ReportAndWaitReadyAsync(id, used: 60);
        var held = ready.Enis.SelectMany(e => e.Prefixes).ToImmutableArray();

        // Acknowledging a held prefix that was never proposed is not a release: nothing is unassigned.
        var result = await Client.ReportDemandAsync(id, new DemandReport(60, 0, null, [held[^1]]));
        Assert.Equal(DemandOutcome.Accepted, result.Outcome);
        Assert.Empty(result.Allocation.ProposedRelease);
        var enis = ready.Enis.Select(e => e.EniId).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(Silo.Region!.Trail(), t => t.Action == "UnassignPrivateIpAddresses" && enis.Contains(t.NetworkInterfaceId ?? string.Empty));
        var after = (await Client.GetNodeAsync(id)).Allocation.Enis.SelectMany(e => e.Prefixes).ToArray();
        Assert.Equal(held.ToArray(), after);
    }
}
