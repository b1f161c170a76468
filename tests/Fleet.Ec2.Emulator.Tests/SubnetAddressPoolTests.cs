using Fleet.Core.Addressing;
using Fleet.Ec2.Emulator.Engine;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Ec2.Emulator.Tests;

public sealed class SubnetAddressPoolTests
{
    private static SubnetAddressPool Pool(string cidr, AddressSelection selection = AddressSelection.Lowest)
    {
        var (network, length) = Ipv4.ParseCidr(cidr);
        return new SubnetAddressPool(network, length, selection);
    }

    [Theory]
    [InlineData("10.0.0.0/24", 251, 14)] // 256 - 5 reserved; the first and the last /28 hold reserved addresses
    [InlineData("10.0.16.0/20", 4091, 254)]
    [InlineData("10.0.0.0/28", 11, 0)]
    [InlineData("10.1.0.0/16", 65531, 4094)]
    public void New_subnet_keeps_AWS_five_reserved_addresses(string cidr, int freeAddresses, int freeBlocks)
    {
        var pool = Pool(cidr);

        Assert.Equal(freeAddresses, pool.FreeAddresses);
        Assert.Equal(freeBlocks, pool.FreeBlocks);
    }

    [Fact]
    public void Reserved_addresses_are_never_handed_out()
    {
        var pool = Pool("10.0.0.0/28");
        var given = Enumerable.Range(0, 11).Select(_ => Ipv4.Format(pool.AllocateAddress(new Random(1)))).ToList();

        Assert.Equal(Enumerable.Range(4, 11).Select(i => $"10.0.0.{i}"), given);
        Assert.Equal(0, pool.FreeAddresses);
    }

    [Fact]
    public void Prefixes_are_aligned_free_blocks_even_when_chosen_at_random()
    {
        var pool = Pool("10.0.0.0/24", AddressSelection.Random);
        var random = new Random(7);
        var prefixes = Enumerable.Range(0, 14).Select(_ => pool.AllocatePrefix(random)).ToList();

        Assert.All(prefixes, p => Assert.Equal(0u, p % 16));
        Assert.Equal(14, prefixes.Distinct().Count());
        Assert.DoesNotContain(Ipv4.Parse("10.0.0.0"), prefixes);   // holds .0-.3
        Assert.DoesNotContain(Ipv4.Parse("10.0.0.240"), prefixes); // holds .255
        Assert.Equal(0, pool.FreeBlocks);
        Assert.Equal(251 - (14 * 16), pool.FreeAddresses);
    }

    [Fact]
    public void One_address_in_each_block_leaves_free_addresses_but_no_free_prefix()
    {
        var pool = Pool("10.0.0.0/24");
        for (var block = 1; block < 15; block++)
        {
            Assert.True(pool.TryClaimAddress(Ipv4.Parse($"10.0.0.{(block * 16) + 5}")));
        }

        Assert.Equal(0, pool.FreeBlocks);
        Assert.Equal(251 - 14, pool.FreeAddresses);
    }

    [Fact]
    public void Releasing_the_last_address_of_a_block_frees_the_block()
    {
        var pool = Pool("10.0.0.0/24");
        var address = Ipv4.Parse("10.0.0.37");
        pool.TryClaimAddress(address);
        Assert.Equal(13, pool.FreeBlocks);

        pool.ReleaseAddress(address);

        Assert.Equal(14, pool.FreeBlocks);
        Assert.Equal(251, pool.FreeAddresses);
    }

    [Fact]
    public void A_claimed_prefix_is_refused_when_any_of_its_addresses_is_taken()
    {
        var pool = Pool("10.0.0.0/24");
        pool.TryClaimAddress(Ipv4.Parse("10.0.0.33"));

        Assert.False(pool.TryClaimPrefix(Ipv4.Parse("10.0.0.32")));
        Assert.False(pool.TryClaimPrefix(Ipv4.Parse("10.0.0.8")));   // not aligned
        Assert.False(pool.TryClaimPrefix(Ipv4.Parse("10.0.0.0")));   // reserved addresses inside
        Assert.True(pool.TryClaimPrefix(Ipv4.Parse("10.0.0.48")));
    }
}
