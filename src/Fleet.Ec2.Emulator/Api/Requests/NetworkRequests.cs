namespace Fleet.Ec2.Emulator;

/// <summary>DescribeVpcs.</summary>
public sealed record DescribeVpcsRequest
{
    /// <summary>VPC ids; every one must exist.</summary>
    public IReadOnlyList<string> VpcIds { get; init; } = [];

    /// <summary>Filters.</summary>
    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Page size, 5–1000.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }
}

/// <summary>DescribeVpcs' answer.</summary>
/// <param name="Vpcs">The page.</param>
/// <param name="NextToken">The next page's token, or null.</param>
public sealed record DescribeVpcsResult(IReadOnlyList<Ec2Vpc> Vpcs, string? NextToken);

/// <summary>DescribeSubnets.</summary>
public sealed record DescribeSubnetsRequest
{
    /// <summary>Subnet ids; every one must exist.</summary>
    public IReadOnlyList<string> SubnetIds { get; init; } = [];

    /// <summary>Filters.</summary>
    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Page size, 5–1000.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }
}

/// <summary>DescribeSubnets' answer.</summary>
/// <param name="Subnets">The page.</param>
/// <param name="NextToken">The next page's token, or null.</param>
public sealed record DescribeSubnetsResult(IReadOnlyList<Ec2Subnet> Subnets, string? NextToken);

/// <summary>DescribeSecurityGroups.</summary>
public sealed record DescribeSecurityGroupsRequest
{
    /// <summary>Group ids; every one must exist.</summary>
    public IReadOnlyList<string> GroupIds { get; init; } = [];

    /// <summary>Group names; every one must exist.</summary>
    public IReadOnlyList<string> GroupNames { get; init; } = [];

    /// <summary>Filters.</summary>
    public IReadOnlyList<Ec2Filter> Filters { get; init; } = [];

    /// <summary>Page size, 5–1000.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's token.</summary>
    public string? NextToken { get; init; }

    /// <summary>Check permissions only.</summary>
    public bool DryRun { get; init; }
}

/// <summary>DescribeSecurityGroups' answer.</summary>
/// <param name="SecurityGroups">The page.</param>
/// <param name="NextToken">The next page's token, or null.</param>
public sealed record DescribeSecurityGroupsResult(IReadOnlyList<Ec2SecurityGroup> SecurityGroups, string? NextToken);

/// <summary>CreateTags: sets tags on ENIs, instances, subnets, VPCs and security groups.</summary>
/// <param name="ResourceIds">The resources.</param>
/// <param name="Tags">The tags (a missing value is the empty string).</param>
/// <param name="DryRun">Check permissions only.</param>
public sealed record CreateTagsRequest(IReadOnlyList<string> ResourceIds, IReadOnlyList<Ec2Tag> Tags, bool DryRun = false);

/// <summary>DeleteTags: removes the keys given (only where the value matches, when a value is given); every tag when none.</summary>
/// <param name="ResourceIds">The resources.</param>
/// <param name="Tags">Keys with optional values (null value: any value).</param>
/// <param name="DryRun">Check permissions only.</param>
public sealed record DeleteTagsRequest(IReadOnlyList<string> ResourceIds, IReadOnlyList<(string Key, string? Value)> Tags, bool DryRun = false);
