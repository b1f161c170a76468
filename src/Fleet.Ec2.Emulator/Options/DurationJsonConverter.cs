using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Reads durations in the config file as <c>"150ms"</c>, <c>"2s"</c>, <c>"1.5m"</c>, <c>"1h"</c> or
/// <c>"hh:mm:ss[.fff]"</c>; writes them as milliseconds (<c>"150ms"</c>).
/// </summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    /// <inheritdoc />
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("A duration must be a string such as \"150ms\", \"2s\" or \"00:00:02\".");
        return TryParse(text, out var value) ? value : throw new JsonException($"'{text}' is not a duration (use e.g. \"150ms\", \"2s\", \"1.5m\", \"1h\" or \"00:00:02\").");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms");

    /// <summary>Parses one duration.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        (string Suffix, double Millis)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, millis) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                && n >= 0 && double.IsFinite(n))
            {
                value = TimeSpan.FromMilliseconds(n * millis);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);
    }
}
