using System.Text.RegularExpressions;

namespace Fleet.Silo.Api;

/// <summary>EC2 instance ids: <c>i-</c> and 8 (older) or 17 lowercase hex digits.</summary>
public static partial class InstanceIds
{
    /// <summary>Whether <paramref name="id"/> is a well-formed instance id.</summary>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^i-[0-9a-f]{8}([0-9a-f]{9})?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
