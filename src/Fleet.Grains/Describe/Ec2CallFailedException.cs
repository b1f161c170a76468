using Fleet.Ec2.Errors;

namespace Fleet.Grains.Describe;

/// <summary>A batched describe failed after its retries; every caller in the batch receives this.</summary>
public sealed class Ec2CallFailedException(string action, Ec2Error error)
    : Exception($"{action} failed: {error}")
{
    /// <summary>The EC2 error.</summary>
    public Ec2Error Error { get; } = error;
}
