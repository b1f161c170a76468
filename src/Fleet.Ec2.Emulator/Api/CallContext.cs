namespace Fleet.Ec2.Emulator;

/// <summary>Who makes a call, for the trail and the per-client counters.</summary>
/// <param name="Client">A client identity (HTTP: the <c>X-Fleet-Client</c> header, else the User-Agent's first token).</param>
public sealed record CallContext(string? Client)
{
    /// <summary>A call with no client identity.</summary>
    public static CallContext Anonymous { get; } = new((string?)null);
}
