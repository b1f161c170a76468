using System.Collections.Immutable;

namespace Fleet.Abstractions.Messages;

/// <summary>
/// A spec that fails the node spec check reached a node grain (an Orleans caller that did not check it
/// first, as <c>FleetClient</c> and the HTTP API do): the node keeps its spec and the caller gets every problem.
/// </summary>
[GenerateSerializer, Alias("fleet.InvalidSpecException")]
public sealed class InvalidSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidSpecException(IReadOnlyDictionary<string, string> errors)
        : base("Invalid node spec: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value}")))
    {
        Errors = errors.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>Each field's problem.</summary>
    [Id(0)]
    public ImmutableDictionary<string, string> Errors { get; }
}
