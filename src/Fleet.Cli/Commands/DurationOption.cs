using System.CommandLine;
using System.Globalization;

namespace Fleet.Cli.Commands;

/// <summary>A duration option that takes <c>500ms</c>, <c>8s</c>, <c>2m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
internal static class DurationOption
{
    public static Option<TimeSpan> Create(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = description + " (e.g. 500ms, 8s, 2m, 1h)",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (TryParse(text, out var value))
            {
                return value;
            }

            result.AddError($"{name}: '{text}' is not a duration (use e.g. 500ms, 8s, 2m, 1h or hh:mm:ss)");
            return default;
        },
    };

    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        var (unit, factor) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (2, 0.001),
            _ when text.EndsWith('s') => (1, 1.0),
            _ when text.EndsWith('m') => (1, 60.0),
            _ when text.EndsWith('h') => (1, 3600.0),
            _ => (0, 0.0),
        };
        if (unit > 0 && double.TryParse(text[..^unit], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0
            && number * factor < TimeSpan.MaxValue.TotalSeconds)
        {
            value = TimeSpan.FromSeconds(number * factor);
            return true;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
