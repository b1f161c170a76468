using Fleet.Core.Errors;
using Fleet.Ec2.Errors;

namespace Fleet.Ec2.Tests;

/// <summary>One place classifies EC2's error codes (AWS, "Error codes for the Amazon EC2 API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html, and the messages EC2 clients log (aws/amazon-vpc-cni-k8s, cilium/cilium issues)); each row is a rule.</summary>
public sealed class Ec2ErrorClassifierTests
{
    [Theory]
    [InlineData("RequestLimitExceeded", "Request limit exceeded.", 503, Ec2ErrorKind.Throttled)]
    [InlineData("Throttling", "Rate exceeded", 400, Ec2ErrorKind.Throttled)]
    [InlineData("Client.RequestLimitExceeded", "", 503, Ec2ErrorKind.Throttled)] // CloudTrail's prefixed form
    [InlineData("InsufficientFreeAddressesInSubnet", "The specified subnet does not have enough free addresses to satisfy the request.", 400, Ec2ErrorKind.SubnetOutOfAddresses)]
    [InlineData("InsufficientCidrBlocks", "The specified subnet does not have enough free cidr blocks to satisfy the request.", 400, Ec2ErrorKind.SubnetOutOfPrefixes)]
    [InlineData("InvalidParameterValue", "There aren't sufficient free Ipv4 addresses or prefixes", 400, Ec2ErrorKind.SubnetOutOfPrefixes)] // VPC CNI #3105
    [InlineData("InvalidParameterValue", "Network interface 'eni-1' is currently in use.", 400, Ec2ErrorKind.InUse)]
    [InlineData("InvalidParameterValue", "Value (x) for parameter y is invalid.", 400, Ec2ErrorKind.InvalidRequest)]
    [InlineData("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.", 400, Ec2ErrorKind.SlotLimit)]
    [InlineData("AttachmentLimitExceeded", "Interface count 4 exceeds the limit for t3.medium", 400, Ec2ErrorKind.AttachmentLimit)]
    [InlineData("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID 'eni-1' does not exist", 400, Ec2ErrorKind.NotFound)]
    [InlineData("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist", 400, Ec2ErrorKind.NotFound)]
    [InlineData("IdempotentParameterMismatch", "", 400, Ec2ErrorKind.IdempotencyMismatch)]
    [InlineData("IncorrectInstanceState", "The instance 'i-1' is not in a valid state for this operation.", 400, Ec2ErrorKind.InstanceNotRunning)]
    [InlineData("UnauthorizedOperation", "You are not authorized to perform this operation.", 403, Ec2ErrorKind.Unauthorized)]
    [InlineData("InternalError", "An internal error has occurred", 500, Ec2ErrorKind.Transient)]
    [InlineData("Unavailable", "The server is overloaded", 503, Ec2ErrorKind.Transient)]
    [InlineData("SomethingNew", "unknown server trouble", 502, Ec2ErrorKind.Transient)] // any 5xx may have been applied
    [InlineData("MissingParameter", "The request must contain the parameter SubnetId", 400, Ec2ErrorKind.InvalidRequest)]
    public void Classify_maps_codes_to_what_they_mean_for_the_allocator(string code, string message, int status, Ec2ErrorKind expected) =>
        Assert.Equal(expected, Ec2ErrorClassifier.Classify(code, message, status));

    [Fact]
    public void Only_transient_errors_leave_the_outcome_unknown()
    {
        Assert.True(Ec2ErrorClassifier.ToError("InternalError", "x", 500).OutcomeUnknown);
        Assert.False(Ec2ErrorClassifier.ToError("RequestLimitExceeded", "x", 503).OutcomeUnknown);
    }
}
