namespace Fleet.Core.Priors;

/// <summary>
/// What a provisioner packed onto a node it just launched (for example Karpenter's NodeClaim
/// <c>spec.resources.requests.pods</c>), declared before the node's agent runs: the node allocates for these pods at
/// once. A floor under the node's demand, never a ceiling; it lapses once the demand reaches it, or when no pods have
/// arrived for <see cref="PriorOptions.IntentExpiry"/>.
/// </summary>
/// <param name="Pods">Pods the node was launched for.</param>
/// <param name="At">When it was declared.</param>
public sealed record PodIntent(int Pods, DateTimeOffset At)
{
    /// <summary>The most pods an intent may name (more than any instance type holds).</summary>
    public const int MaxPods = 100_000;
}
