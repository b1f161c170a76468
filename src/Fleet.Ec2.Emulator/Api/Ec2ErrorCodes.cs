namespace Fleet.Ec2.Emulator;

/// <summary>The EC2 error codes the emulator answers with (AWS, "Error codes for the Amazon EC2 API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html, and the messages EC2 clients log (aws/amazon-vpc-cni-k8s, cilium/cilium issues)).</summary>
public static class Ec2ErrorCodes
{
#pragma warning disable CS1591 // The names are EC2's own error codes.
    public const string RequestLimitExceeded = "RequestLimitExceeded";
    public const string InternalError = "InternalError";
    public const string Unavailable = "Unavailable";
    public const string DryRunOperation = "DryRunOperation";
    public const string InvalidAction = "InvalidAction";
    public const string MissingAction = "MissingAction";
    public const string MissingParameter = "MissingParameter";
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string InvalidParameterCombination = "InvalidParameterCombination";
    public const string InvalidPaginationToken = "InvalidPaginationToken";
    public const string FilterLimitExceeded = "FilterLimitExceeded";
    public const string IdempotentParameterMismatch = "IdempotentParameterMismatch";
    public const string InsufficientFreeAddressesInSubnet = "InsufficientFreeAddressesInSubnet";
    public const string InsufficientCidrBlocks = "InsufficientCidrBlocks";
    public const string PrivateIpAddressLimitExceeded = "PrivateIpAddressLimitExceeded";
    public const string AttachmentLimitExceeded = "AttachmentLimitExceeded";
    public const string InvalidIpAddressInUse = "InvalidIPAddress.InUse";
    public const string InvalidNetworkInterfaceIdNotFound = "InvalidNetworkInterfaceID.NotFound";
    public const string InvalidNetworkInterfaceIdMalformed = "InvalidNetworkInterfaceID.Malformed";
    public const string InvalidAttachmentIdNotFound = "InvalidAttachmentID.NotFound";
    public const string InvalidInstanceIdNotFound = "InvalidInstanceID.NotFound";
    public const string InvalidInstanceIdMalformed = "InvalidInstanceID.Malformed";
    public const string InvalidSubnetIdNotFound = "InvalidSubnetID.NotFound";
    public const string InvalidVpcIdNotFound = "InvalidVpcID.NotFound";
    public const string InvalidGroupNotFound = "InvalidGroup.NotFound";
    public const string InvalidInstanceType = "InvalidInstanceType";
    public const string InvalidId = "InvalidID";
    public const string IncorrectInstanceState = "IncorrectInstanceState";
    public const string OperationNotPermitted = "OperationNotPermitted";
    public const string UnsupportedOperation = "UnsupportedOperation";
    public const string TagLimitExceeded = "TagLimitExceeded";
#pragma warning restore CS1591
}
