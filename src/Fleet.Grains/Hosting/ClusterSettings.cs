using Fleet.Core.Node;
using Microsoft.Extensions.Configuration;

namespace Fleet.Grains.Hosting;

/// <summary>
/// Configuration section <c>Fleet:Cluster</c>: the Kubernetes cluster a node belongs to when its spec names none. One
/// Fleet may serve several clusters of an AWS account (their nodes name theirs in <c>cluster</c>); this is the default.
/// <c>Fleet:Allocator:ClusterName</c>, Fleet 0.1's key, is the same setting: either may be set, and both only to the same
/// value (start-up stops naming both keys otherwise). Example: <c>Fleet__Cluster__Name=prod-east</c>.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Fleet:Cluster";

    /// <summary>The key of the default cluster's name.</summary>
    public const string NameKey = Section + ":Name";

    /// <summary>Fleet 0.1's key for the same setting.</summary>
    public const string LegacyNameKey = AllocatorOptions.Section + ":" + nameof(AllocatorOptions.ClusterName);

    /// <summary>
    /// The default cluster's name: tagged (<c>fleet.io/cluster</c>) on ENIs of nodes whose spec names no cluster, the key of
    /// their janitor, and their share of the throttle. Default <c>fleet</c> (<see cref="AllocatorOptions.ClusterName"/>).
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The name configured under either key, or null when neither is set.</summary>
    public static string? Configured(IConfiguration configuration) =>
        configuration[NameKey] is { Length: > 0 } name ? name : configuration[LegacyNameKey] is { Length: > 0 } legacy ? legacy : null;

    /// <summary>Errors naming the keys: an invalid name, or the two keys set to different names.</summary>
    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        var name = configuration[NameKey];
        var legacy = configuration[LegacyNameKey];
        if (name is not null && !SpecValidator.IsName(name))
        {
            yield return $"{NameKey} must be 1–128 letters, digits and . _ / - (starting with a letter or digit); it is '{name}'.";
        }

        if (name is { Length: > 0 } && legacy is { Length: > 0 } && !string.Equals(name, legacy, StringComparison.Ordinal))
        {
            yield return $"{NameKey} ('{name}') and {LegacyNameKey} ('{legacy}') are the same setting and disagree: set {NameKey} only.";
        }
    }
}
