using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Fleet.Ec2.Emulator.Options;

/// <summary>
/// Reads <see cref="EmulatorOptions"/> from JSON (the <c>--config</c> file, or a <c>POST /_emulator/faults</c>
/// body) and fails fast, naming the bad key: unknown keys, wrong types and invalid values are all errors.
/// </summary>
public static class EmulatorConfigFile
{
    /// <summary>The JSON options used for the config file and the admin endpoints.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>Loads and validates a config file; throws <see cref="OptionsValidationException"/> naming every problem.</summary>
    public static EmulatorOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw Invalid($"config file '{path}' does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates a JSON document; <paramref name="source"/> names it in errors.</summary>
    public static EmulatorOptions Parse(string json, string source = "config")
    {
        EmulatorOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<EmulatorOptions>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw Invalid($"{source}: {Describe(e)}");
        }

        options ??= new EmulatorOptions();
        EmulatorOptionsValidator.ThrowIfInvalid(options);
        return options;
    }

    /// <summary>Parses a fault table (action name or <c>*</c> → faults), as POSTed to <c>/_emulator/faults</c>.</summary>
    public static Dictionary<string, ActionFaultOptions> ParseFaults(string json)
    {
        Dictionary<string, ActionFaultOptions>? faults;
        try
        {
            faults = JsonSerializer.Deserialize<Dictionary<string, ActionFaultOptions>>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw Invalid($"faults: {Describe(e)}");
        }

        faults = new Dictionary<string, ActionFaultOptions>(faults ?? [], StringComparer.Ordinal);
        var errors = new List<string>();
        EmulatorOptionsValidator.ValidateFaults(faults, "Faults", errors);
        return errors.Count == 0 ? faults : throw new OptionsValidationException("Faults", typeof(EmulatorOptions), errors);
    }

    private static string Describe(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"at '{path}': {(cut > 0 ? message[..cut] : message)}";
    }

    private static OptionsValidationException Invalid(string message) =>
        new("EmulatorOptions", typeof(EmulatorOptions), [message]);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            WriteIndented = true,
        };
        options.Converters.Add(new DurationJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
