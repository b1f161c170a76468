using Fleet.Core.Addressing;

namespace Fleet.Core.Tests.Addressing;

public sealed class Ipv4ParseTests
{
    [Theory]
    [InlineData("10.0.0.1", 0x0A000001u)]
    [InlineData("0.0.0.0", 0u)]
    [InlineData("255.255.255.255", 0xFFFFFFFFu)]
    [InlineData("172.31.100.250", 0xAC1F64FAu)]
    public void A_canonical_address_is_read_as_its_number(string text, uint expected)
    {
        Assert.True(Ipv4.TryParseCanonical(text, out var address));
        Assert.Equal(expected, address);
        Assert.Equal(text, Ipv4.Format(address));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.1.2")]
    [InlineData("010.0.0.1")]
    [InlineData("10.0.0.01")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1 ")]
    [InlineData(" 10.0.0.1")]
    [InlineData("10..0.1")]
    [InlineData("10.0.0.")]
    [InlineData("1000.0.0.1")]
    [InlineData("10.0.0.1/28")]
    [InlineData("::1")]
    [InlineData("0x0A.0.0.1")]
    public void Anything_but_four_decimal_octets_without_leading_zeros_is_refused(string text) =>
        Assert.False(Ipv4.TryParseCanonical(text, out _));

    [Fact]
    public void Every_address_round_trips_through_its_canonical_form()
    {
        var random = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var address = (uint)random.NextInt64(0, 1L << 32);
            Assert.True(Ipv4.TryParseCanonical(Ipv4.Format(address), out var back));
            Assert.Equal(address, back);
        }
    }
}
