using System.Globalization;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// EC2-shaped ids (<c>eni-</c> + 17 hex digits, <c>i-</c>…, <c>eni-attach-</c>…), MAC addresses and request ids,
/// all from one seeded generator: the same seed and the same calls give the same ids.
/// </summary>
internal sealed class IdGenerator(int seed)
{
    private readonly Random _random = new(seed);
    private readonly HashSet<string> _issued = new(StringComparer.Ordinal);

    public string Next(string prefix)
    {
        while (true)
        {
            var id = string.Create(prefix.Length + 17, (prefix, _random), static (span, state) =>
            {
                state.prefix.AsSpan().CopyTo(span);
                const string Hex = "0123456789abcdef";
                for (var i = state.prefix.Length; i < span.Length; i++)
                {
                    span[i] = Hex[state._random.Next(16)];
                }
            });
            if (_issued.Add(id))
            {
                return id;
            }
        }
    }

    /// <summary>Marks an id as taken (ids given in the config).</summary>
    public void Reserve(string id) => _issued.Add(id);

    public string NextMac()
    {
        Span<byte> bytes = stackalloc byte[5];
        _random.NextBytes(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"02:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}:{bytes[4]:x2}");
    }

    public string NextRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes).ToString();
    }
}
