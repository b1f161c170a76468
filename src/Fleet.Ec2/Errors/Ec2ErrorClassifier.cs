using Fleet.Core.Errors;
using System.Collections.Frozen;

namespace Fleet.Ec2.Errors;

/// <summary>
/// The one place that turns EC2 error codes into what they mean for Fleet (AWS, "Error codes for the Amazon EC2 API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html, and the messages EC2 clients log (aws/amazon-vpc-cni-k8s, cilium/cilium issues)). Codes are
/// EC2's bare codes (CloudTrail's <c>Client.</c> prefix is stripped).
/// </summary>
public static class Ec2ErrorClassifier
{
    // The throttling codes AWS SDKs recognise (aws-sdk-net RetryPolicy.ThrottlingErrorCodes).
    private static readonly FrozenSet<string> s_throttling = new[]
    {
        "RequestLimitExceeded", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> s_unauthorized = new[]
    {
        "UnauthorizedOperation", "AuthFailure", "Blocked", "OptInRequired", "SignatureDoesNotMatch", "InvalidClientTokenId",
        "UnrecognizedClientException", "AccessDenied", "AccessDeniedException",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> s_transient = new[]
    {
        "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable", "RequestTimeout", "RequestTimeoutException",
        "Timeout", "NetworkError", "RequestExpired",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Classifies an error code and message (and HTTP status when known).</summary>
    public static Ec2ErrorKind Classify(string code, string? message, int? httpStatus = null)
    {
        code = code.StartsWith("Client.", StringComparison.Ordinal) ? code["Client.".Length..] : code;
        message ??= string.Empty;
        if (s_throttling.Contains(code))
        {
            return Ec2ErrorKind.Throttled;
        }

        switch (code)
        {
            case "InsufficientFreeAddressesInSubnet":
                return Ec2ErrorKind.SubnetOutOfAddresses;
            case "InsufficientCidrBlocks":
                return Ec2ErrorKind.SubnetOutOfPrefixes;
            case "PrivateIpAddressLimitExceeded":
                return Ec2ErrorKind.SlotLimit;
            case "AttachmentLimitExceeded":
                return Ec2ErrorKind.AttachmentLimit;
            case "IdempotentParameterMismatch":
                return Ec2ErrorKind.IdempotencyMismatch;
            case "IncorrectInstanceState":
                return Ec2ErrorKind.InstanceNotRunning;
            case "InvalidParameterValue" when message.Contains("sufficient free Ipv4 addresses or prefixes", StringComparison.OrdinalIgnoreCase):
                return Ec2ErrorKind.SubnetOutOfPrefixes;
            case "InvalidParameterValue" when message.Contains("currently in use", StringComparison.OrdinalIgnoreCase):
                return Ec2ErrorKind.InUse;
        }

        if (code.EndsWith(".NotFound", StringComparison.Ordinal))
        {
            return Ec2ErrorKind.NotFound;
        }

        if (s_unauthorized.Contains(code))
        {
            return Ec2ErrorKind.Unauthorized;
        }

        if (s_transient.Contains(code) || httpStatus is >= 500)
        {
            return Ec2ErrorKind.Transient;
        }

        return Ec2ErrorKind.InvalidRequest;
    }

    /// <summary>Builds an error value from a code, message and status.</summary>
    public static Ec2Error ToError(string code, string? message, int? httpStatus) =>
        new(Classify(code, message, httpStatus), code, message ?? string.Empty, httpStatus);
}
