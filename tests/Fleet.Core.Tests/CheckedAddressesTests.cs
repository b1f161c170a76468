using System.Collections.Immutable;
using Fleet.Core.Addressing;
using Fleet.Core.Model;
using Fleet.Core.Node;
using static Fleet.Core.Tests.TestNodes;

namespace Fleet.Core.Tests;

/// <summary>
/// The incremental check of a report's in-use list: it starts from the last accepted list and tests only what changed,
/// and must refuse exactly what checking the whole list refuses.
/// </summary>
public sealed class CheckedAddressesTests
{
    private static readonly ImmutableArray<Eni> Enis =
    [
        Fresh().Enis[0] with { PrimaryIp = "10.0.0.10", SecondaryIps = ["10.0.0.11"], Prefixes = ["10.0.1.16/28", "10.0.2.0/28"] },
    ];

    private static readonly ImmutableArray<string> First = ["10.0.1.16", "10.0.1.17", "10.0.1.18"];

    [Fact]
    public void A_list_that_grows_by_one_address_is_checked_from_the_last()
    {
        var last = CheckedAddresses.Check(null, First, Enis);
        var next = CheckedAddresses.Check(last, [.. First, "10.0.2.5"], Enis);
        Assert.NotNull(next);
        Assert.Same(last!.Held, next!.Held);
    }

    [Fact]
    public void The_same_list_again_is_the_same_check()
    {
        var last = CheckedAddresses.Check(null, First, Enis);
        Assert.Same(last, CheckedAddresses.Check(last, First, Enis));
    }

    [Fact]
    public void A_list_object_reported_again_two_or_three_reports_later_lists_what_it_listed()
    {
        ImmutableArray<string> second = [.. First, "10.0.2.5"];
        ImmutableArray<string> third = [.. second, "10.0.0.11"];
        var first = CheckedAddresses.Check(null, First, Enis);
        var afterSecond = CheckedAddresses.Check(first, second, Enis);
        var afterThird = CheckedAddresses.Check(afterSecond, third, Enis);

        var secondAgain = CheckedAddresses.Check(afterThird, second, Enis); // two reports back
        var firstAgain = CheckedAddresses.Check(secondAgain, First, Enis); // three back (second, third, second)

        Assert.NotNull(secondAgain);
        Assert.True(secondAgain!.Lists(Ipv4.Parse("10.0.2.5")));
        Assert.False(secondAgain.Lists(Ipv4.Parse("10.0.0.11")));
        Assert.NotNull(firstAgain);
        Assert.False(firstAgain!.Lists(Ipv4.Parse("10.0.2.5")));
        Assert.True(firstAgain.Lists(Ipv4.Parse("10.0.1.18")));
    }

    [Fact]
    public void A_list_object_reported_again_after_the_enis_changed_is_checked_afresh()
    {
        ImmutableArray<string> withSecondPrefix = [.. First, "10.0.2.5"];
        var last = CheckedAddresses.Check(CheckedAddresses.Check(null, withSecondPrefix, Enis), First, Enis);
        ImmutableArray<Eni> released = [Enis[0] with { Prefixes = ["10.0.1.16/28"] }];

        Assert.Null(CheckedAddresses.Check(last, withSecondPrefix, released)); // known good, but no longer held
    }

    [Theory]
    [InlineData("10.0.1.16")] // the first address, listed again
    [InlineData("10.0.1.18")] // the last shared one, listed again
    public void An_address_added_twice_after_a_good_list_is_refused(string again)
    {
        var last = CheckedAddresses.Check(null, First, Enis);
        Assert.Null(CheckedAddresses.Check(last, [.. First, again], Enis));
    }

    [Fact]
    public void An_address_the_node_does_not_hold_is_refused_after_a_good_list()
    {
        var last = CheckedAddresses.Check(null, First, Enis);
        Assert.Null(CheckedAddresses.Check(last, [.. First, "10.0.1.32"], Enis));
        Assert.Null(CheckedAddresses.Check(last, [.. First, "10.0.1.032"], Enis)); // not canonical
    }

    [Fact]
    public void An_address_freed_by_a_shrinking_list_may_be_listed_again_in_its_place()
    {
        var last = CheckedAddresses.Check(null, First, Enis);
        var shrunk = CheckedAddresses.Check(last, First.RemoveAt(2), Enis);
        Assert.NotNull(shrunk);
        Assert.NotNull(CheckedAddresses.Check(shrunk, [.. First.RemoveAt(2), "10.0.1.18"], Enis));
        Assert.NotNull(CheckedAddresses.Check(last, ["10.0.1.16", "10.0.2.9", "10.0.1.17"], Enis)); // a change in the middle
    }

    [Fact]
    public void An_address_of_a_released_prefix_is_refused_once_the_enis_no_longer_hold_it()
    {
        var last = CheckedAddresses.Check(null, [.. First, "10.0.2.5"], Enis);
        ImmutableArray<Eni> released = [Enis[0] with { Prefixes = ["10.0.1.16/28"] }];
        Assert.Null(CheckedAddresses.Check(last, [.. First, "10.0.2.5"], released));
        Assert.NotNull(CheckedAddresses.Check(last, First, released));
    }

    [Fact]
    public void Every_list_the_check_accepts_is_one_the_full_validation_accepts_and_lists_exactly_its_addresses()
    {
        // Random walks of adds, removals and replacements, some foreign or repeated: the incremental answer always
        // agrees with checking the whole list afresh (DemandValidator).
        var random = new Random(11);
        var node = Fresh() with { Enis = Enis };
        string[] pool = [.. Enumerable.Range(0, 16).Select(i => $"10.0.1.{16 + i}"), .. Enumerable.Range(0, 16).Select(i => $"10.0.2.{i}"), "10.0.0.11", "10.0.3.1", "10.0.1.32"];
        CheckedAddresses? last = null;
        var list = ImmutableArray<string>.Empty;
        var accepted = new List<ImmutableArray<string>>(); // list objects an agent may report again, as pods come and go
        for (var step = 0; step < 4_000; step++)
        {
            var candidate = random.Next(4) switch
            {
                3 when accepted.Count > 0 => accepted[^random.Next(1, Math.Min(accepted.Count, 4) + 1)],
                0 => list.Add(pool[random.Next(pool.Length)]),
                1 when list.Length > 0 => list.RemoveAt(random.Next(list.Length)),
                _ when list.Length > 0 => list.SetItem(random.Next(list.Length), pool[random.Next(pool.Length)]),
                _ => list.Add(pool[random.Next(pool.Length)]),
            };
            var report = new AgentReport(candidate.Length, InUse: candidate);
            var whole = DemandValidator.CheckShape(report) is null && DemandValidator.CheckAgainst(report, node, Prefix()) is null;
            var incremental = CheckedAddresses.Check(last, candidate, Enis);
            Assert.Equal(whole, incremental is not null);
            if (incremental is not null)
            {
                (last, list) = (incremental, candidate); // as the loop keeps only accepted lists
                accepted.Add(candidate);
                foreach (var address in pool)
                {
                    // What the release handshake asks of an accepted list: exactly the addresses listed are in use.
                    Assert.Equal(candidate.Contains(address), incremental.Lists(Ipv4.Parse(address)));
                }
            }
        }
    }
}
