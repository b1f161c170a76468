namespace Fleet.Core.Errors;

/// <summary>What an EC2 error means for an allocator (one classification, in Fleet.Ec2's <c>Ec2ErrorClassifier</c>).</summary>
public enum Ec2ErrorKind
{
    /// <summary><c>RequestLimitExceeded</c> and other throttling codes: the bucket is empty; the call had no effect.</summary>
    Throttled,

    /// <summary>The subnet has no free address (<c>InsufficientFreeAddressesInSubnet</c>).</summary>
    SubnetOutOfAddresses,

    /// <summary>
    /// The subnet has no free aligned /28 (<c>InsufficientCidrBlocks</c>, or <c>InvalidParameterValue</c> "There aren't
    /// sufficient free Ipv4 addresses or prefixes"): it may still have single addresses.
    /// </summary>
    SubnetOutOfPrefixes,

    /// <summary><c>PrivateIpAddressLimitExceeded</c>: the ENI's slots are full; Fleet's view is stale.</summary>
    SlotLimit,

    /// <summary><c>AttachmentLimitExceeded</c>: the instance's ENI slots are full; Fleet's view is stale.</summary>
    AttachmentLimit,

    /// <summary>A resource id is unknown: deleted, or not yet visible (EC2 is eventually consistent).</summary>
    NotFound,

    /// <summary><c>IdempotentParameterMismatch</c>: a client token was reused with other parameters.</summary>
    IdempotencyMismatch,

    /// <summary><c>IncorrectInstanceState</c>: the instance is stopping, stopped or terminated.</summary>
    InstanceNotRunning,

    /// <summary>The ENI is attached or detaching (<c>InvalidParameterValue</c> "… is currently in use").</summary>
    InUse,

    /// <summary><c>UnauthorizedOperation</c>, <c>AuthFailure</c> and the like: IAM denies the call.</summary>
    Unauthorized,

    /// <summary>5xx, timeouts, connection failures: the call may or may not have been applied.</summary>
    Transient,

    /// <summary>A request EC2 rejects as malformed: a bug in Fleet.</summary>
    InvalidRequest,
}
