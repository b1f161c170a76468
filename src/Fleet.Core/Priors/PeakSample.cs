namespace Fleet.Core.Priors;

/// <summary>A node's peak demand (used + pending pods) and when it was recorded.</summary>
/// <param name="Pods">The peak.</param>
/// <param name="At">When it was recorded in the group's history.</param>
public readonly record struct PeakSample(int Pods, DateTimeOffset At);
