using Fleet.Core.Errors;
using Fleet.Core.Node;
using Fleet.Core.Planning;
using Fleet.Core.Targets;

namespace Fleet.Core.Tests.NodeLoop;

/// <summary>The one error table: what a node does after each kind of EC2 error, for every host.</summary>
public sealed class ErrorTableTests
{
    private static readonly AssignAddresses Assign = new("eni-1", AddressKind.Prefix, 2);
    private static readonly CreateInterface Create = new("subnet-1", AddressKind.Prefix, 3, []);
    private static readonly AttachInterface Attach = new("eni-2", 1, 0);

    [Theory]
    // kind, code, action → reconcile, rediscover, back-off, keep intent, abandon, subnet mark
    [InlineData(Ec2ErrorKind.Throttled, "RequestLimitExceeded", "assign", false, false, ErrorBackoff.None, false, false, SubnetMark.None)] // no effect at EC2: ask again
    [InlineData(Ec2ErrorKind.Transient, "InternalError", "assign", true, false, ErrorBackoff.Step, false, false, SubnetMark.None)] // may have been applied: read first
    [InlineData(Ec2ErrorKind.Transient, "RequestTimeout", "create", true, false, ErrorBackoff.Step, true, false, SubnetMark.Impaired)] // a create retries with its token
    [InlineData(Ec2ErrorKind.SubnetOutOfPrefixes, "InsufficientCidrBlocks", "create", false, false, ErrorBackoff.None, false, false, SubnetMark.Exhausted)]
    [InlineData(Ec2ErrorKind.SubnetOutOfAddresses, "InsufficientFreeAddressesInSubnet", "assign", false, false, ErrorBackoff.None, false, false, SubnetMark.Exhausted)]
    [InlineData(Ec2ErrorKind.InstanceNotRunning, "IncorrectInstanceState", "attach", true, true, ErrorBackoff.Step, false, false, SubnetMark.None)]
    [InlineData(Ec2ErrorKind.NotFound, "InvalidInstanceID.NotFound", "attach", true, true, ErrorBackoff.Step, false, false, SubnetMark.None)] // the instance may be gone
    [InlineData(Ec2ErrorKind.NotFound, "InvalidNetworkInterfaceID.NotFound", "assign", true, false, ErrorBackoff.Step, false, false, SubnetMark.None)] // the view is stale
    [InlineData(Ec2ErrorKind.AttachmentLimit, "AttachmentLimitExceeded", "attach", true, false, ErrorBackoff.None, false, true, SubnetMark.None)] // give the ENI up
    [InlineData(Ec2ErrorKind.SlotLimit, "PrivateIpAddressLimitExceeded", "assign", true, false, ErrorBackoff.Step, false, false, SubnetMark.None)]
    [InlineData(Ec2ErrorKind.InUse, "InvalidParameterValue", "attach", true, false, ErrorBackoff.Step, false, false, SubnetMark.None)]
    [InlineData(Ec2ErrorKind.IdempotencyMismatch, "IdempotentParameterMismatch", "create", false, false, ErrorBackoff.None, false, false, SubnetMark.None)] // a new token next
    [InlineData(Ec2ErrorKind.Unauthorized, "UnauthorizedOperation", "assign", false, false, ErrorBackoff.Long, false, false, SubnetMark.None)] // retrying soon would not help
    [InlineData(Ec2ErrorKind.InvalidRequest, "InvalidParameterCombination", "create", false, false, ErrorBackoff.Long, false, false, SubnetMark.None)]
    public void Each_error_kind_has_one_response(
        Ec2ErrorKind kind, string code, string action, bool reconcile, bool rediscover, ErrorBackoff backoff, bool keepIntent, bool abandon, SubnetMark subnet)
    {
        PlannedAction planned = action switch { "assign" => Assign, "create" => Create, _ => Attach };

        var response = ErrorTable.For(new Ec2Failure(kind, code, "message"), planned);

        Assert.Equal(new ErrorResponse(reconcile, rediscover, backoff, keepIntent, abandon, subnet), response);
    }
}
