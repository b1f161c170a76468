using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Fleet.Core.Model;

namespace Fleet.Core.Node;

/// <summary>
/// Checks a node spec before it is stored: counts in range, min-allocate within max-allocate, well-formed subnet and
/// security group ids, bounded tags. One place for every entrance (HTTP, the Orleans client, the node grain itself);
/// problems are keyed by the spec's wire field names (<c>preAllocate</c>, <c>subnetIds[2]</c>). Pure.
/// </summary>
public static partial class SpecValidator
{
    /// <summary>The largest count any spec field may hold.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The highest first interface index (EC2 device indexes are below 64).</summary>
    public const int MaxFirstInterfaceIndex = 63;

    /// <summary>Each field's problem; empty when the spec is valid.</summary>
    public static IReadOnlyDictionary<string, string> Validate(NodeSpec spec)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value, max) in new[]
        {
            ("preAllocate", spec.PreAllocate, MaxCount),
            ("minAllocate", spec.MinAllocate, MaxCount),
            ("maxAllocate", spec.MaxAllocate, MaxCount),
            ("maxAboveWatermark", spec.MaxAboveWatermark, MaxCount),
            ("firstInterfaceIndex", spec.FirstInterfaceIndex, MaxFirstInterfaceIndex),
            ("maxPods", spec.MaxPods, MaxCount),
        })
        {
            if (value < 0 || value > max)
            {
                errors[name] = $"must be between 0 and {max}";
            }
        }

        if (spec.MaxAllocate > 0 && spec.MinAllocate > spec.MaxAllocate)
        {
            errors["minAllocate"] = $"must not exceed maxAllocate ({spec.MaxAllocate})";
        }

        if (!Enum.IsDefined(spec.PrefixDelegation))
        {
            errors["prefixDelegation"] = "must be \"auto\", \"on\" or \"off\"";
        }

        CheckIds(errors, "subnetIds", spec.SubnetIds, 100, SubnetId(), "is not a subnet id (subnet- and 8 or 17 hex digits)");
        CheckIds(errors, "securityGroups", spec.SecurityGroups, 16, GroupId(), "is not a security group id (sg- and 8 or 17 hex digits)");
        CheckName(errors, "nodeGroup", spec.NodeGroup);
        CheckName(errors, "cluster", spec.Cluster);
        CheckTags(errors, "subnetTags", spec.SubnetTags);
        CheckTags(errors, "excludeInterfaceTags", spec.ExcludeInterfaceTags);
        return errors;
    }

    /// <summary>Whether <paramref name="value"/> is a valid node group or cluster name (1–128 letters, digits and . _ / -).</summary>
    public static bool IsName(string? value) => value is not null && Name().IsMatch(value);

    private static void CheckIds(Dictionary<string, string> errors, string name, ImmutableArray<string> ids, int max, Regex pattern, string message)
    {
        if (ids.IsDefault)
        {
            errors[name] = "must be an array, not null";
        }
        else if (ids.Length > max)
        {
            errors[name] = $"must have at most {max} entries";
        }
        else
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] is null || !pattern.IsMatch(ids[i]))
                {
                    errors[$"{name}[{i}]"] = message;
                }
            }
        }
    }

    private static void CheckName(Dictionary<string, string> errors, string name, string? value)
    {
        if (value is not null && !Name().IsMatch(value))
        {
            errors[name] = "must be 1–128 letters, digits and . _ / - (starting with a letter or digit)";
        }
    }

    private static void CheckTags(Dictionary<string, string> errors, string name, ImmutableDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            errors[name] = "must be an object, not null";
        }
        else if (tags.Count > 50)
        {
            errors[name] = "must have at most 50 tags";
        }
        else if (tags.Any(t => t.Key.Length is 0 or > 128 || t.Value is null || t.Value.Length > 256))
        {
            errors[name] = "keys must be 1–128 characters and values at most 256";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex("^subnet-[0-9a-f]{8}([0-9a-f]{9})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubnetId();

    [GeneratedRegex("^sg-[0-9a-f]{8}([0-9a-f]{9})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GroupId();
}
