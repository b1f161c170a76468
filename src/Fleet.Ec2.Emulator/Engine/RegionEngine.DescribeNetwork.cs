using System.Collections.Frozen;
using System.Globalization;
using Fleet.Core.Addressing;
using static Fleet.Ec2.Emulator.Engine.Filtering;

namespace Fleet.Ec2.Emulator.Engine;

/// <summary>DescribeVpcs, DescribeSubnets and DescribeSecurityGroups.</summary>
internal sealed partial class RegionEngine
{
    private static readonly FrozenSet<string> s_vpcFilters = FrozenSet.ToFrozenSet(
        ["vpc-id", "cidr", "cidr-block-association.cidr-block", "is-default", "state", "owner-id"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> s_subnetFilters = FrozenSet.ToFrozenSet(
        ["subnet-id", "vpc-id", "availability-zone", "availability-zone-id", "cidr-block", "cidr", "cidrBlock", "default-for-az",
         "defaultForAz", "state", "owner-id", "available-ip-address-count", "subnet-arn"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> s_groupFilters = FrozenSet.ToFrozenSet(
        ["group-id", "group-name", "vpc-id", "description", "owner-id"], StringComparer.Ordinal);

    public Ec2Result<DescribeVpcsResult> DescribeVpcs(DescribeVpcsRequest r)
    {
        var page = Select(
            new SelectionQuery("vpc", r.VpcIds, r.Filters, s_vpcFilters, r.MaxResults, r.NextToken, r.DryRun),
            _vpcs, id => _vpcById.GetValueOrDefault(id), missing => Ec2Errors.VpcNotFound(missing[0]), v => v.Tags,
            (vpc, f) => f.Name switch
            {
                "vpc-id" => AnyMatches(f.Values, vpc.Id),
                "cidr" or "cidr-block-association.cidr-block" => AnyMatches(f.Values, vpc.CidrBlock),
                "is-default" => AnyMatches(f.Values, vpc.IsDefault),
                "state" => AnyMatches(f.Values, "available"),
                _ => AnyMatches(f.Values, Options.AccountId),
            });
        return page.IsSuccess ? new DescribeVpcsResult([.. page.Value.Items.Select(View)], page.Value.NextToken) : page.Error;
    }

    public Ec2Result<DescribeSubnetsResult> DescribeSubnets(DescribeSubnetsRequest r)
    {
        var page = Select(
            new SelectionQuery("subnet", r.SubnetIds, r.Filters, s_subnetFilters, r.MaxResults, r.NextToken, r.DryRun),
            _subnetList, id => _subnets.GetValueOrDefault(id), missing => Ec2Errors.SubnetNotFound(missing[0]), s => s.Tags,
            (subnet, f) => f.Name switch
            {
                "subnet-id" => AnyMatches(f.Values, subnet.Id),
                "vpc-id" => AnyMatches(f.Values, subnet.Vpc.Id),
                "availability-zone" => AnyMatches(f.Values, subnet.AvailabilityZone),
                "availability-zone-id" => AnyMatches(f.Values, subnet.AvailabilityZoneId),
                "cidr-block" or "cidr" or "cidrBlock" => AnyMatches(f.Values, subnet.CidrBlock),
                "default-for-az" or "defaultForAz" => AnyMatches(f.Values, subnet.DefaultForAz),
                "state" => AnyMatches(f.Values, "available"),
                "available-ip-address-count" => AnyMatches(f.Values, subnet.Pool.FreeAddresses.ToString(CultureInfo.InvariantCulture)),
                "subnet-arn" => AnyMatches(f.Values, $"arn:aws:ec2:{Options.Region}:{Options.AccountId}:subnet/{subnet.Id}"),
                _ => AnyMatches(f.Values, Options.AccountId),
            });
        return page.IsSuccess ? new DescribeSubnetsResult([.. page.Value.Items.Select(View)], page.Value.NextToken) : page.Error;
    }

    public Ec2Result<DescribeSecurityGroupsResult> DescribeSecurityGroups(DescribeSecurityGroupsRequest r)
    {
        IReadOnlyList<SecurityGroupState> all = _groupList;
        if (r.GroupNames.Count > 0)
        {
            var missingName = r.GroupNames.FirstOrDefault(n => !_groupList.Any(g => g.Name == n && g.Vpc.IsDefault));
            if (missingName is not null)
            {
                return new Ec2Error(Ec2ErrorCodes.InvalidGroupNotFound, $"The security group '{missingName}' does not exist in default VPC", 400);
            }

            all = [.. _groupList.Where(g => g.Vpc.IsDefault && r.GroupNames.Contains(g.Name))];
        }

        var page = Select(
            new SelectionQuery("sg", r.GroupIds, r.Filters, s_groupFilters, r.MaxResults, r.NextToken, r.DryRun, RejectIdsWithMaxResults: true),
            all, id => _groups.TryGetValue(id, out var g) && all.Contains(g) ? g : null,
            missing => Ec2Errors.GroupNotFound(missing[0]), g => g.Tags,
            (group, f) => f.Name switch
            {
                "group-id" => AnyMatches(f.Values, group.Id),
                "group-name" => AnyMatches(f.Values, group.Name),
                "vpc-id" => AnyMatches(f.Values, group.Vpc.Id),
                "description" => AnyMatches(f.Values, group.Description),
                _ => AnyMatches(f.Values, Options.AccountId),
            });
        return page.IsSuccess ? new DescribeSecurityGroupsResult([.. page.Value.Items.Select(View)], page.Value.NextToken) : page.Error;
    }

    /// <summary>A subnet's CIDR formatted (used by state snapshots).</summary>
    public static string Cidr(SubnetState subnet) => Ipv4.FormatCidr(subnet.Pool.Network, subnet.Pool.Length);
}
