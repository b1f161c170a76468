using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Fleet.Cli.Output;

/// <summary>The console and JSON settings every command writes with.</summary>
internal static class CliConsole
{
    /// <summary>camelCase, indented, enums as strings: what <c>--json</c> prints.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A Spectre console writing to <paramref name="output"/>, 160 columns wide when not a terminal.</summary>
    public static IAnsiConsole Create(TextWriter output)
    {
        // Colours and widths follow the terminal; captured or redirected output gets plain text 160 columns wide.
        var terminal = output == Console.Out && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Writes a value as JSON.</summary>
    public static void WriteJson<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Json));
}
