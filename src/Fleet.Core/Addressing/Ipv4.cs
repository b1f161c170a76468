using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Fleet.Core.Addressing;

/// <summary>IPv4 address and /28 prefix arithmetic on plain <see cref="uint"/>s (host byte order).</summary>
public static class Ipv4
{
    /// <summary>Parses a dotted-quad address.</summary>
    public static uint Parse(string address)
    {
        if (TryParseCanonical(address, out var canonical))
        {
            return canonical;
        }

        if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new FormatException($"'{address}' is not an IPv4 address.");
        }

        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>
    /// Parses an address written the one way EC2 and <see cref="Format"/> write it: four decimal octets without leading
    /// zeros, separated by dots. Anything else (<c>010.0.0.1</c>, <c>10.1</c>, spaces) is refused. Allocates nothing.
    /// </summary>
    public static bool TryParseCanonical(ReadOnlySpan<char> text, out uint address)
    {
        address = 0;
        if (text.Length is < 7 or > 15)
        {
            return false;
        }

        var octets = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < text.Length && text[i] is >= '0' and <= '9' && i - start < 3)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            var digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | (uint)value;
            if (++octets == 4)
            {
                return i == text.Length;
            }

            if (i >= text.Length || text[i] != '.')
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>Formats an address as a dotted quad.</summary>
    public static string Format(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    /// <summary>Parses <c>a.b.c.d/n</c> into its network address and prefix length.</summary>
    public static (uint Network, int Length) ParseCidr(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length is < 0 or > 32)
        {
            throw new FormatException($"'{cidr}' is not an IPv4 CIDR block.");
        }

        var address = Parse(cidr[..slash]);
        var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
        if ((address & mask) != address)
        {
            throw new FormatException($"'{cidr}' has host bits set.");
        }

        return (address, length);
    }

    /// <summary>Formats a network address and length as CIDR.</summary>
    public static string FormatCidr(uint network, int length) => $"{Format(network)}/{length.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Whether an address lies inside a /28 prefix given in CIDR form.</summary>
    public static bool PrefixContains(string prefixCidr, string address)
    {
        var (network, length) = ParseCidr(prefixCidr);
        var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
        return (Parse(address) & mask) == network;
    }
}
