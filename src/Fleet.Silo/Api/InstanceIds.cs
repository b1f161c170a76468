using Fleet.Abstractions.Messages;

namespace Fleet.Silo.Api;

/// <summary>EC2 instance ids: <c>i-</c> and 8 (older) or 17 lowercase hex digits (<see cref="NodeLookupProblem.IsInstanceId"/>).</summary>
public static class InstanceIds
{
    /// <summary>Whether <paramref name="id"/> is a well-formed instance id.</summary>
    public static bool IsValid(string? id) => NodeLookupProblem.IsInstanceId(id);
}
