using System.Collections.Immutable;
using Fleet.Core.Model;
using Fleet.Core.Node;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

public sealed class DemandValidatorTests
{
    private static readonly NodeState Node = Fresh() with
    {
        Enis =
        [
            Fresh().Enis[0] with { PrimaryIp = "10.0.0.10", SecondaryIps = ["10.0.0.11"], Prefixes = ["10.0.1.16/28", "10.0.2.0/28"] },
        ],
    };

    [Theory]
    [InlineData("10.0.0.10")] // the primary (a pod may hold it when the spec says so)
    [InlineData("10.0.0.11")]
    [InlineData("10.0.1.16")]
    [InlineData("10.0.1.31")] // the last of its prefix
    [InlineData("10.0.2.7")]
    public void An_address_of_the_nodes_ips_or_prefixes_is_accepted_as_in_use(string address) =>
        Assert.Null(DemandValidator.CheckAgainst(new AgentReport(1, InUse: [address]), Node, Prefix()));

    [Theory]
    [InlineData("10.0.1.32")] // just past a prefix
    [InlineData("10.0.1.15")] // just before it
    [InlineData("10.0.0.12")]
    public void An_address_the_node_does_not_hold_is_foreign(string address)
    {
        var refused = DemandValidator.CheckAgainst(new AgentReport(2, InUse: ["10.0.0.11", address]), Node, Prefix());
        Assert.Equal(ReportOutcome.ForeignAddress, refused?.Outcome);
        Assert.Contains(address, refused?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_address_listed_twice_is_named_by_its_second_position()
    {
        ImmutableArray<string> inUse = ["10.0.1.17", "10.0.1.16", "10.0.2.1", "10.0.1.16"];
        var problems = DemandValidator.Problems(new AgentReport(4, InUse: inUse));
        Assert.Equal("is listed twice", Assert.Single(problems, p => p.Key == "inUse[3]").Value);
    }

    [Theory]
    [InlineData("10.0.1.016")]
    [InlineData("10.0.1")]
    [InlineData("10.0.1.16/28")]
    public void A_malformed_address_is_named_by_its_position(string address)
    {
        var problems = DemandValidator.Problems(new AgentReport(2, InUse: ["10.0.1.17", address]));
        Assert.Equal("is not an IPv4 address", Assert.Single(problems).Value);
        Assert.Equal("inUse[1]", Assert.Single(problems).Key);
    }

    [Fact]
    public void Distinct_well_formed_addresses_have_no_problem() =>
        Assert.Empty(DemandValidator.Problems(new AgentReport(3, InUse: ["10.0.2.3", "10.0.1.17", "10.0.0.11"], ReleaseAcks: ["10.0.2.0/28"])));
}
