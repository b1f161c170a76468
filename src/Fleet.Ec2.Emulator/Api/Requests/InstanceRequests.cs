namespace Fleet.Ec2.Emulator;

/// <summary>RunInstances: launches instances, each with eth0 created and attached at device 0.</summary>
public sealed record RunInstancesRequest
{
    /// <summary>The AMI (not checked; recorded).</summary>
    public string ImageId { get; init; } = "ami-00000000000000000";

    /// <summary>The instance type, from the catalog (default <c>m5.large</c>).</summary>
    public string InstanceType { get; init; } = "m5.large";

    /// <summary>The fewest instances to launch (required on the wire).</summary>
    public int MinCount { get; init; } = 1;

    /// <summary>The most instances to launch (required on the wire).</summary>
    public int MaxCount { get; init; } = 1;

    /// <summary>The subnet of eth0; the AZ's (or region's first) default subnet when null.</summary>
    public string? SubnetId { get; init; }

    /// <summary>The AZ when no subnet is given (<c>Placement.AvailabilityZone</c>).</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>eth0's primary address (only with a single instance).</summary>
    public string? PrivateIpAddress { get; init; }

    /// <summary>Security groups of eth0; the VPC's default group when empty.</summary>
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];

    /// <summary>Tags for the instances and/or their network interfaces.</summary>
    public IReadOnlyList<Ec2TagSpecification> TagSpecifications { get; init; } = [];

    /// <summary>Idempotency token.</summary>
    public string? ClientToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }
}

/// <summary>RunInstances' answer (instances are reported <c>pending</c>, as EC2 does).</summary>
/// <param name="Reservation">The reservation with its instances.</param>
public sealed record RunInstancesResult(Ec2Reservation Reservation);

/// <summary>TerminateInstances.</summary>
/// <param name="InstanceIds">The instances.</param>
/// <param name="DryRun">Check permissions only.</param>
public sealed record TerminateInstancesRequest(IReadOnlyList<string> InstanceIds, bool DryRun = false);

/// <summary>One instance's state change.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="PreviousState">Before the call.</param>
/// <param name="CurrentState">After the call.</param>
public sealed record Ec2InstanceStateChange(string InstanceId, Ec2InstanceState PreviousState, Ec2InstanceState CurrentState);

/// <summary>TerminateInstances' answer.</summary>
/// <param name="Instances">One state change per instance.</param>
public sealed record TerminateInstancesResult(IReadOnlyList<Ec2InstanceStateChange> Instances);

/// <summary>DescribeInstances. Without filters and pagination it draws from EC2's smaller bucket.</summary>
public sealed record DescribeInstancesRequest
{
    /// <summary>Instance ids; every one must exist.</summary>
    public IReadOnlyList<string> InstanceIds { get; init; } = [];

    /// <summary>Filters.</summary>
    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Page size (instances), 5–1000; not with ids.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }

    /// <summary>Whether EC2 would serve this from the unfiltered, unpaginated bucket.</summary>
    public bool IsUnfiltered => Filters.Count == 0 && MaxResults is null && NextToken is null;
}

/// <summary>DescribeInstances' answer.</summary>
/// <param name="Reservations">Matching instances grouped by reservation.</param>
/// <param name="NextToken">The next page's token, or null.</param>
public sealed record DescribeInstancesResult(IReadOnlyList<Ec2Reservation> Reservations, string? NextToken);

/// <summary>DescribeInstanceTypes (paginated: 100 per page unless MaxResults says 5–100).</summary>
public sealed record DescribeInstanceTypesRequest
{
    /// <summary>Instance types; every one must exist.</summary>
    public IReadOnlyList<string> InstanceTypes { get; init; } = [];

    /// <summary>Filters (<c>instance-type</c>, <c>hypervisor</c>, <c>bare-metal</c>, <c>network-info.*</c>).</summary>
    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Page size, 5–100.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }
}

/// <summary>DescribeInstanceTypes' answer.</summary>
/// <param name="InstanceTypes">The page.</param>
/// <param name="NextToken">The next page's token, or null.</param>
public sealed record DescribeInstanceTypesResult(IReadOnlyList<Ec2InstanceType> InstanceTypes, string? NextToken);
