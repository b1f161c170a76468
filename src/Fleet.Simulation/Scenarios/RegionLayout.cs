using System.Collections.Immutable;
using Fleet.Ec2.Emulator.Options;

namespace Fleet.Simulation.Scenarios;

/// <summary>
/// The VPC a scenario brings: one 10.0.0.0/8 VPC with subnets alternating between two AZs. Addresses run out
/// fast (DESIGN §5), so scenarios size the subnets for their nodes: at most <see cref="NodesPerSubnet"/> nodes'
/// eth0 in one /16 (4,096 /28 blocks).
/// </summary>
/// <param name="Subnets">The subnets: CIDR and AZ.</param>
public sealed record RegionLayout(ImmutableArray<SubnetLayout> Subnets)
{
    /// <summary>Nodes placed per /16 subnet: 300 nodes × 9 prefixes stay well inside 4,096 blocks.</summary>
    public const int NodesPerSubnet = 300;

    /// <summary>The VPC's id.</summary>
    public const string VpcId = "vpc-0be00000000000001";

    /// <summary>Subnets of <c>/prefixLength</c> for <paramref name="nodes"/> nodes (+1 spare for neighbours), alternating AZs.</summary>
    public static RegionLayout For(int nodes, int prefixLength = 16, int spare = 1, int nodesPerSubnet = NodesPerSubnet)
    {
        var count = Math.Max((nodes + nodesPerSubnet - 1) / nodesPerSubnet, 2) + spare;
        var size = 1u << (32 - prefixLength);
        var subnets = ImmutableArray.CreateBuilder<SubnetLayout>(count);
        for (var i = 0; i < count; i++)
        {
            var network = (10u << 24) + ((uint)(i + 1) * size);
            var cidr = $"{network >> 24}.{(network >> 16) & 255}.{(network >> 8) & 255}.{network & 255}/{prefixLength}";
            subnets.Add(new SubnetLayout($"subnet-0be{i:x14}", cidr, i % 2 == 0 ? "us-east-1a" : "us-east-1b"));
        }

        return new RegionLayout(subnets.MoveToImmutable());
    }

    /// <summary>Subnets that hold nodes (all but the spare ones at the end).</summary>
    public int NodeSubnets(int spare = 1) => Subnets.Length - spare;

    /// <summary>The emulator's VPC options for this layout.</summary>
    public IList<VpcOptions> ToVpcs() =>
    [
        new VpcOptions
        {
            Id = VpcId,
            CidrBlock = "10.0.0.0/8",
            IsDefault = true,
            Subnets = [.. Subnets.Select(s => new SubnetOptions { Id = s.Id, CidrBlock = s.Cidr, AvailabilityZone = s.AvailabilityZone, DefaultForAz = false })],
            SecurityGroups = [new SecurityGroupOptions { Id = "sg-0be000000000000001", Name = "default", Description = "default" }],
        },
    ];
}

/// <summary>One subnet of a layout.</summary>
/// <param name="Id">The subnet id.</param>
/// <param name="Cidr">Its CIDR.</param>
/// <param name="AvailabilityZone">Its AZ.</param>
public sealed record SubnetLayout(string Id, string Cidr, string AvailabilityZone);
