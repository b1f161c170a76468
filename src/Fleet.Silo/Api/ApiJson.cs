using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Fleet.Silo.Api;

/// <summary>The API's JSON: camelCase, enums as strings, unknown fields refused.</summary>
public static class ApiJson
{
    /// <summary>The options every endpoint reads and writes with.</summary>
    public static JsonSerializerOptions Options { get; } = CreateReadOnly();

    /// <summary>Applies the API's settings to <paramref name="options"/> (also used for ASP.NET Core's HTTP JSON options).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 16;
        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        return options;
    }

    private static JsonSerializerOptions CreateReadOnly()
    {
        var options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.MakeReadOnly();
        return options;
    }
}
