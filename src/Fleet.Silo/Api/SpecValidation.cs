using System.Text.RegularExpressions;
using Fleet.Abstractions.Messages;

namespace Fleet.Silo.Api;

/// <summary>Checks a <see cref="NodeSpecDto"/> from <c>PUT /api/v1/nodes/{instanceId}/spec</c>.</summary>
public static partial class SpecValidation
{
    /// <summary>The largest count any spec field may hold.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Every field's problems; empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(NodeSpecDto spec)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, value, max) in new[]
        {
            ("preAllocate", spec.PreAllocate, MaxCount),
            ("minAllocate", spec.MinAllocate, MaxCount),
            ("maxAllocate", spec.MaxAllocate, MaxCount),
            ("maxAboveWatermark", spec.MaxAboveWatermark, MaxCount),
            ("firstInterfaceIndex", spec.FirstInterfaceIndex, 63),
        })
        {
            if (value < 0 || value > max)
            {
                errors[name] = [$"must be between 0 and {max}"];
            }
        }

        if (spec.MaxAllocate > 0 && spec.MinAllocate > spec.MaxAllocate)
        {
            errors["minAllocate"] = [$"must not exceed maxAllocate ({spec.MaxAllocate})"];
        }

        if (spec.PrefixDelegation is not ("auto" or "on" or "off"))
        {
            errors["prefixDelegation"] = ["must be \"auto\", \"on\" or \"off\""];
        }

        CheckIds(errors, "subnetIds", spec.SubnetIds, 100, SubnetId(), "is not a subnet id (subnet- and 8 or 17 hex digits)");
        CheckIds(errors, "securityGroups", spec.SecurityGroups, 16, GroupId(), "is not a security group id (sg- and 8 or 17 hex digits)");
        if (spec.SubnetTags is null)
        {
            errors["subnetTags"] = ["must be an object, not null"];
        }
        else if (spec.SubnetTags.Count > 50)
        {
            errors["subnetTags"] = ["must have at most 50 tags"];
        }
        else if (spec.SubnetTags.Any(t => t.Key.Length is 0 or > 128 || t.Value is null || t.Value.Length > 256))
        {
            errors["subnetTags"] = ["keys must be 1–128 characters and values at most 256"];
        }

        return errors;
    }

    private static void CheckIds(Dictionary<string, string[]> errors, string name, System.Collections.Immutable.ImmutableArray<string> ids, int max, Regex pattern, string message)
    {
        if (ids.IsDefault)
        {
            errors[name] = ["must be an array, not null"];
        }
        else if (ids.Length > max)
        {
            errors[name] = [$"must have at most {max} entries"];
        }
        else
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] is null || !pattern.IsMatch(ids[i]))
                {
                    errors[$"{name}[{i}]"] = [message];
                }
            }
        }
    }

    [GeneratedRegex("^subnet-[0-9a-f]{8}([0-9a-f]{9})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubnetId();

    [GeneratedRegex("^sg-[0-9a-f]{8}([0-9a-f]{9})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GroupId();
}
