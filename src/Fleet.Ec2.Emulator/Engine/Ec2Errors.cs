using System.Globalization;
using static Fleet.Ec2.Emulator.Ec2ErrorCodes;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// The errors the emulator answers with, with EC2's codes, HTTP statuses and (where they were seen in the wild,
/// AWS, "Error codes for the Amazon EC2 API", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html, and the messages EC2 clients log (aws/amazon-vpc-cni-k8s, cilium/cilium issues)) its message texts. Messages never seen are written in EC2's style and marked
/// in README's fidelity notes.
/// </summary>
internal static class Ec2Errors
{
    private static Ec2Error Client(string code, string message) => new(code, message, 400);

    public static Ec2Error RequestLimitExceeded { get; } = new(Ec2ErrorCodes.RequestLimitExceeded, "Request limit exceeded.", 503);

    public static Ec2Error InternalError { get; } = new(Ec2ErrorCodes.InternalError, "An internal error has occurred", 500);

    public static Ec2Error Unavailable { get; } = new(Ec2ErrorCodes.Unavailable, "The server is overloaded or is not accepting requests at this time.", 503);

    public static Ec2Error DryRun { get; } = new(DryRunOperation, "Request would have succeeded, but DryRun flag is set.", 412);

    public static Ec2Error PrivateIpLimit { get; } = Client(PrivateIpAddressLimitExceeded, "Number of private addresses will exceed limit.");

    public static Ec2Error NoFreeAddresses { get; } =
        Client(InsufficientFreeAddressesInSubnet, "The specified subnet does not have enough free addresses to satisfy the request.");

    public static Ec2Error NoFreeCidrBlocks { get; } =
        Client(InsufficientCidrBlocks, "The specified subnet does not have enough free cidr blocks to satisfy the request.");

    public static Ec2Error IdempotencyMismatch { get; } =
        Client(IdempotentParameterMismatch, "The request uses the same client token as a previous, but non-identical request.");

    public static Ec2Error BadPaginationToken(string token) => Client(InvalidPaginationToken, $"Invalid pagination token '{token}'");

    public static Ec2Error InvalidAction(string action) =>
        Client(Ec2ErrorCodes.InvalidAction, $"The action {action} is not valid for this web service.");

    public static Ec2Error MissingAction { get; } = Client(Ec2ErrorCodes.MissingAction, "The request must contain the parameter Action");

    public static Ec2Error Missing(string parameter) => Client(MissingParameter, $"The request must contain the parameter {parameter}");

    public static Ec2Error Invalid(string message) => Client(InvalidParameterValue, message);

    public static Ec2Error InvalidValue(string parameter, string value) =>
        Client(InvalidParameterValue, $"Invalid value '{value}' for {parameter}");

    public static Ec2Error Combination(string message) => Client(InvalidParameterCombination, message);

    public static Ec2Error TooManyFilterValues { get; } =
        Client(FilterLimitExceeded, "The maximum number of filter values specified on a single call is 200");

    public static Ec2Error FilterValueTooLong { get; } = Client(FilterLimitExceeded, "The maximum length for a filter value is 255 characters");

    public static Ec2Error UnknownFilter(string name) => Client(InvalidParameterValue, $"The filter '{name}' is invalid");

    public static Ec2Error MaxResultsOutOfRange(int value, int min, int max) =>
        Client(InvalidParameterValue, string.Create(CultureInfo.InvariantCulture, $"Value ( {value} ) for parameter maxResults is invalid. Expecting a value between {min} and {max}."));

    public static Ec2Error EniNotFound(IReadOnlyList<string> ids) => ids.Count == 1
        ? Client(InvalidNetworkInterfaceIdNotFound, $"The networkInterface ID '{ids[0]}' does not exist")
        : Client(InvalidNetworkInterfaceIdNotFound, $"The networkInterface IDs '{string.Join(", ", ids)}' do not exist");

    public static Ec2Error EniMalformed(string id) =>
        Client(InvalidNetworkInterfaceIdMalformed, $"Invalid id: \"{id}\" (expecting \"eni-...\")");

    public static Ec2Error EniInUse(string id) => Client(InvalidParameterValue, $"Network interface '{id}' is currently in use.");

    public static Ec2Error AttachmentNotFound(string id) => Client(InvalidAttachmentIdNotFound, $"The attachment ID '{id}' does not exist");

    public static Ec2Error InstanceNotFound(IReadOnlyList<string> ids) => ids.Count == 1
        ? Client(InvalidInstanceIdNotFound, $"The instance ID '{ids[0]}' does not exist")
        : Client(InvalidInstanceIdNotFound, $"The instance IDs '{string.Join(", ", ids)}' do not exist");

    public static Ec2Error InstanceMalformed(string id) => Client(InvalidInstanceIdMalformed, $"Invalid id: \"{id}\"");

    public static Ec2Error SubnetNotFound(string id) => Client(InvalidSubnetIdNotFound, $"The subnet ID '{id}' does not exist");

    public static Ec2Error VpcNotFound(string id) => Client(InvalidVpcIdNotFound, $"The vpc ID '{id}' does not exist");

    public static Ec2Error GroupNotFound(string id) => Client(InvalidGroupNotFound, $"The security group '{id}' does not exist");

    public static Ec2Error GroupNotInVpc(string id, string vpc) =>
        Client(InvalidGroupNotFound, $"The security group '{id}' does not exist in VPC '{vpc}'");

    public static Ec2Error UnknownInstanceTypes(IEnumerable<string> types) =>
        Client(Ec2ErrorCodes.InvalidInstanceType, $"The following supplied instance types do not exist: [{string.Join(", ", types)}]");

    public static Ec2Error IncorrectState(string instanceId) =>
        Client(IncorrectInstanceState, $"The instance '{instanceId}' is not in a valid state for this operation.");

    public static Ec2Error AttachmentLimit(int count, string type) =>
        Client(AttachmentLimitExceeded, string.Create(CultureInfo.InvariantCulture, $"Interface count {count} exceeds the limit for {type}"));

    public static Ec2Error AddressInUse(string address) => Client(InvalidIpAddressInUse, $"Address {address} is in use.");

    public static Ec2Error TagLimit { get; } = Client(TagLimitExceeded, "The maximum number of Tags for a resource has been reached.");

    public static Ec2Error InvalidResourceId(string id) => Client(InvalidId, $"The ID '{id}' is not valid");
}
