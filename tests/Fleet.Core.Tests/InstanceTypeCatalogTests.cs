using Fleet.Core.Catalog;

namespace Fleet.Core.Tests;

public sealed class InstanceTypeCatalogTests
{
    [Fact]
    public void Embedded_catalog_holds_every_type_of_the_snapshot() =>
        Assert.Equal(1373, InstanceTypeCatalog.Embedded.Count);

    [Theory]
    // type, ENIs, IPv4 per ENI, prefix-capable, cards
    [InlineData("m5.large", 3, 10, true, 1)]
    [InlineData("t3.micro", 2, 2, true, 1)]
    [InlineData("m4.large", 2, 10, false, 1)] // Xen: no prefixes
    [InlineData("m5.metal", 15, 50, true, 1)] // bare metal: prefixes although no hypervisor
    [InlineData("c6in.32xlarge", 16, 50, true, 2)]
    [InlineData("p5.48xlarge", 64, 50, true, 32)]
    public void Lookup_returns_the_types_limits(string type, int enis, int ipv4, bool prefixes, int cards)
    {
        var limits = InstanceTypeCatalog.Embedded.Get(type);
        Assert.Equal(enis, limits.MaxInterfaces);
        Assert.Equal(ipv4, limits.Ipv4PerInterface);
        Assert.Equal(prefixes, limits.SupportsPrefixDelegation);
        Assert.Equal(cards, limits.NetworkCards.Length);
        Assert.Equal(enis, limits.NetworkCards.Sum(c => c.MaxInterfaces));
    }

    [Fact]
    public void Unknown_type_is_an_error_naming_the_type()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => InstanceTypeCatalog.Embedded.Get("m5.huge"));
        Assert.Contains("m5.huge", error.Message, StringComparison.Ordinal);
        Assert.False(InstanceTypeCatalog.Embedded.TryGet("m5.huge", out _));
    }

    [Fact]
    public void Malformed_csv_names_the_line()
    {
        const string csv = "instance_type,hypervisor,bare_metal,vcpus,memory_mib,max_network_interfaces,ipv4_addresses_per_interface," +
                           "ipv6_addresses_per_interface,ipv6_supported,max_network_cards,default_network_card_index,network_cards\n" +
                           "x1.small,nitro,false,1,1,two,4,4,true,1,0,0:2\n";
        var error = Assert.Throws<FormatException>(() => InstanceTypeCatalog.Parse(new StringReader(csv)));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
