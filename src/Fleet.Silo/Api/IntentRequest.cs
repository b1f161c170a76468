using Fleet.Core.Priors;

namespace Fleet.Silo.Api;

/// <summary>
/// The body of <c>PUT /api/v1/nodes/{instanceId}/intent</c>: what a provisioner packed onto a node it just launched
/// (for example Karpenter's NodeClaim <c>spec.resources.requests.pods</c>).
/// </summary>
public sealed record IntentRequest
{
    /// <summary>The pods the node was launched for (required, 1 to <see cref="PodIntent.MaxPods"/>; the node's max-pods and instance bound it further).</summary>
    public int? Pods { get; init; }

    /// <summary>Every field's problems; empty when valid.</summary>
    public Dictionary<string, string[]> Validate() => Pods switch
    {
        null => new(StringComparer.Ordinal) { ["pods"] = ["is required"] },
        < 1 or > PodIntent.MaxPods => new(StringComparer.Ordinal) { ["pods"] = [$"must be between 1 and {PodIntent.MaxPods}"] },
        _ => new(StringComparer.Ordinal),
    };
}
