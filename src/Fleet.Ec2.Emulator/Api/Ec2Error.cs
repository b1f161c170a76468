namespace Fleet.Ec2.Emulator;

/// <summary>
/// An error EC2 answers with: its code (e.g. <c>PrivateIpAddressLimitExceeded</c>), the message text and the HTTP
/// status EC2 sends with it. Expected failures are values of this type, never exceptions.
/// </summary>
/// <param name="Code">EC2's error code, as it appears in <c>Response/Errors/Error/Code</c>.</param>
/// <param name="Message">The human-readable message.</param>
/// <param name="HttpStatus">The HTTP status (400 for client errors, 412 for DryRun, 500/503 for server errors).</param>
public sealed record Ec2Error(string Code, string Message, int HttpStatus)
{
    /// <summary>Whether EC2 (and the AWS SDKs) treat the error as throttling.</summary>
    public bool IsThrottling => Code == Ec2ErrorCodes.RequestLimitExceeded;
}
