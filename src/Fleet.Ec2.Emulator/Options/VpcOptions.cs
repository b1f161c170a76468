namespace Fleet.Ec2.Emulator.Options;

/// <summary>One VPC of the region.</summary>
public sealed class VpcOptions
{
    /// <summary>The VPC id (<c>vpc-</c> + hex); generated from the seed when null.</summary>
    public string? Id { get; set; }

    /// <summary>The IPv4 CIDR, /16 to /28 (required).</summary>
    public string CidrBlock { get; set; } = "";

    /// <summary>Whether this is the region's default VPC. Default false.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Subnets, each inside <see cref="CidrBlock"/>, not overlapping.</summary>
    public IList<SubnetOptions> Subnets { get; set; } = [];

    /// <summary>Security groups; a group named <c>default</c> is added when none has that name.</summary>
    public IList<SecurityGroupOptions> SecurityGroups { get; set; } = [];

    /// <summary>Tags.</summary>
    public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One subnet.</summary>
public sealed class SubnetOptions
{
    /// <summary>The subnet id (<c>subnet-</c> + hex); generated from the seed when null.</summary>
    public string? Id { get; set; }

    /// <summary>The IPv4 CIDR, /16 to /28, inside the VPC's (required). AWS reserves 5 addresses of it.</summary>
    public string CidrBlock { get; set; } = "";

    /// <summary>The AZ name, e.g. <c>us-east-1a</c> (required; must start with the region name).</summary>
    public string AvailabilityZone { get; set; } = "";

    /// <summary>Whether this is the AZ's default subnet (used by RunInstances without a subnet). Default false.</summary>
    public bool DefaultForAz { get; set; }

    /// <summary>Tags.</summary>
    public IDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One security group (rules are not modelled).</summary>
public sealed class SecurityGroupOptions
{
    /// <summary>The group id (<c>sg-</c> + hex); generated from the seed when null.</summary>
    public string? Id { get; set; }

    /// <summary>The name (required, unique within the VPC).</summary>
    public string Name { get; set; } = "";

    /// <summary>The description. Default empty.</summary>
    public string Description { get; set; } = "";
}

/// <summary>The default region layout of the issue: one VPC, a /24 and a /20 in each of two AZs, a default group.</summary>
public static class DefaultRegion
{
    /// <summary>The default VPC list for a region: 10.0.0.0/16 with 10.0.0.0/24 + 10.0.16.0/20 in AZ a and 10.0.1.0/24 + 10.0.32.0/20 in AZ b.</summary>
    public static IReadOnlyList<VpcOptions> Vpcs(string region) =>
    [
        new VpcOptions
        {
            CidrBlock = "10.0.0.0/16",
            IsDefault = true,
            Subnets =
            [
                new SubnetOptions { CidrBlock = "10.0.0.0/24", AvailabilityZone = region + "a" },
                new SubnetOptions { CidrBlock = "10.0.16.0/20", AvailabilityZone = region + "a", DefaultForAz = true },
                new SubnetOptions { CidrBlock = "10.0.1.0/24", AvailabilityZone = region + "b" },
                new SubnetOptions { CidrBlock = "10.0.32.0/20", AvailabilityZone = region + "b", DefaultForAz = true },
            ],
            SecurityGroups = [new SecurityGroupOptions { Name = "default", Description = "default VPC security group" }],
        },
    ];
}
