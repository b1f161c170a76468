using Fleet.Core.Errors;

namespace Fleet.Ec2.Errors;

/// <summary>An EC2 error as a value.</summary>
/// <param name="Kind">What it means for the allocator.</param>
/// <param name="Code">EC2's error code (or a transport error name such as <c>Timeout</c>).</param>
/// <param name="Message">EC2's message.</param>
/// <param name="HttpStatus">The HTTP status, if a response arrived.</param>
public sealed record Ec2Error(Ec2ErrorKind Kind, string Code, string Message, int? HttpStatus)
{
    /// <summary>
    /// Whether the call may have been applied although it failed (a transient error on a mutating call: the
    /// response may have been lost after EC2 made the change). The caller must reconcile before acting again.
    /// </summary>
    public bool OutcomeUnknown => Kind == Ec2ErrorKind.Transient;

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
