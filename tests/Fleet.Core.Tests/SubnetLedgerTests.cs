using System.Collections.Immutable;
using Fleet.Core.Planning;

namespace Fleet.Core.Tests;

public sealed class SubnetLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ExhaustedFor = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ImpairedFor = TimeSpan.FromMinutes(1);

    private static SubnetSighting Subnet(string id, int free, string cidr = "10.0.0.0/20") =>
        new(id, "vpc-1", "us-east-1a", cidr, free, ImmutableDictionary<string, string>.Empty);

    private static SubnetCapacity Only(SubnetLedger ledger, DateTimeOffset now) => Assert.Single(ledger.Estimate(now)).Capacity;

    [Fact]
    public void Free_blocks_are_estimated_as_free_addresses_over_sixteen()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 4000));

        var capacity = Only(ledger, T0);

        Assert.Equal(4000, capacity.FreeAddresses);
        Assert.Equal(250, capacity.FreeBlocks);
    }

    [Fact]
    public void The_block_estimate_never_exceeds_the_blocks_the_cidr_holds()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 250, cidr: "10.0.0.0/24")); // under the cap: a /24 holds 16 blocks

        Assert.Equal(15, Only(ledger, T0).FreeBlocks);

        ledger.Seen(Subnet("subnet-a", 251, cidr: "10.0.0.0/26")); // nonsense count, but a /26 holds only 4 blocks
        Assert.Equal(4, Only(ledger, T0).FreeBlocks);
    }

    [Fact]
    public void Calls_since_the_describe_are_subtracted_until_the_next_describe()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 320));

        ledger.Reserve("subnet-a", addresses: 48, blocks: 3);
        Assert.Equal((272, 17), (Only(ledger, T0).FreeAddresses, Only(ledger, T0).FreeBlocks));

        ledger.Reserve("subnet-a", addresses: -16, blocks: -1); // a release gives back
        Assert.Equal((288, 18), (Only(ledger, T0).FreeAddresses, Only(ledger, T0).FreeBlocks));

        ledger.Seen(Subnet("subnet-a", 272)); // the describe now counts what was taken
        Assert.Equal((272, 17), (Only(ledger, T0).FreeAddresses, Only(ledger, T0).FreeBlocks));
    }

    [Fact]
    public void Blocks_never_promise_more_addresses_than_are_free()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 64));
        ledger.Reserve("subnet-a", addresses: 40, blocks: 0);

        var capacity = Only(ledger, T0);

        Assert.Equal(24, capacity.FreeAddresses);
        Assert.Equal(1, capacity.FreeBlocks);
    }

    [Fact]
    public void A_subnet_with_no_free_block_is_avoided_for_prefixes_only_until_the_mark_expires()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 4000));

        var until = ledger.MarkExhausted("subnet-a", prefixesOnly: true, T0);

        Assert.Equal(T0 + ExhaustedFor, until);
        var during = Assert.Single(ledger.Estimate(T0 + TimeSpan.FromMinutes(4)));
        Assert.Equal((4000, 0), (during.Capacity.FreeAddresses, during.Capacity.FreeBlocks));
        Assert.Equal(until, during.PrefixesExhaustedUntil);
        Assert.Null(during.AddressesExhaustedUntil);
        Assert.Equal(until, ledger.NextExpiry(T0));

        var after = Assert.Single(ledger.Estimate(T0 + ExhaustedFor));
        Assert.Equal(250, after.Capacity.FreeBlocks);
        Assert.Null(after.PrefixesExhaustedUntil);
        Assert.Null(ledger.NextExpiry(T0 + ExhaustedFor));
    }

    [Fact]
    public void A_subnet_with_no_free_address_offers_nothing_and_a_describe_does_not_clear_the_mark()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 4000));
        ledger.MarkExhausted("subnet-a", prefixesOnly: false, T0);

        ledger.Seen(Subnet("subnet-a", 4000)); // EC2's count lags its allocator: trust the error over the count

        Assert.Equal((0, 0), (Only(ledger, T0).FreeAddresses, Only(ledger, T0).FreeBlocks));
    }

    [Fact]
    public void Unknown_subnets_are_ignored_and_the_view_is_ordered_by_id()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-b", 100));
        ledger.Seen(Subnet("subnet-a", 200));

        ledger.Reserve("subnet-zz", 10, 1);
        Assert.Null(ledger.MarkExhausted("subnet-zz", prefixesOnly: false, T0));

        Assert.Equal(["subnet-a", "subnet-b"], ledger.Estimate(T0).Select(e => e.Capacity.SubnetId));
    }

    [Fact]
    public void Failed_creates_spread_wider_than_the_window_never_impair_a_subnet()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 4000));

        for (var i = 0; i < 10; i++)
        {
            Assert.Null(ledger.MarkImpaired("subnet-a", T0 + (ImpairedFor * i / 2) + TimeSpan.FromTicks(i)));
        }

        Assert.All(ledger.View(T0 + (ImpairedFor * 5)).InZone("vpc-1", "us-east-1a", prefixMode: true), s => Assert.False(s.Impaired));
    }

    [Fact]
    public void An_impaired_subnet_comes_after_its_healthy_siblings_until_the_mark_expires()
    {
        var ledger = new SubnetLedger(ExhaustedFor, ImpairedFor);
        ledger.Seen(Subnet("subnet-a", 4000));
        ledger.Seen(Subnet("subnet-b", 1000));

        Assert.Null(ledger.MarkImpaired("subnet-a", T0)); // one failed create, then a second: not yet
        Assert.Null(ledger.MarkImpaired("subnet-a", T0));
        Assert.Equal(T0 + ImpairedFor, ledger.MarkImpaired("subnet-a", T0));
        Assert.Null(ledger.MarkImpaired("subnet-zz", T0));

        var zone = ledger.View(T0).InZone("vpc-1", "us-east-1a", prefixMode: true);
        Assert.Equal([("subnet-b", false), ("subnet-a", true)], zone.Select(s => (s.SubnetId, s.Impaired)));
        Assert.Equal(T0 + ImpairedFor, ledger.NextExpiry(T0));

        var later = ledger.View(T0 + ImpairedFor).InZone("vpc-1", "us-east-1a", prefixMode: true);
        Assert.Equal([("subnet-a", false), ("subnet-b", false)], later.Select(s => (s.SubnetId, s.Impaired)));
    }

    [Fact]
    public void With_no_impairment_window_failed_creates_never_impair_a_subnet()
    {
        // Fleet:Allocator:SubnetImpairedFor = 0 turns the steering off; it used to empty the strike queue and then peek at it.
        var ledger = new SubnetLedger(ExhaustedFor, TimeSpan.Zero);
        ledger.Seen(Subnet("subnet-a", 4000));

        for (var i = 0; i < 5; i++)
        {
            Assert.Null(ledger.MarkImpaired("subnet-a", T0));
        }

        Assert.All(ledger.View(T0).InZone("vpc-1", "us-east-1a", prefixMode: true), s => Assert.False(s.Impaired));
    }
}
