using System.Collections.Immutable;
using Fleet.Core.Catalog;

namespace Fleet.Core.Model;

/// <summary>A node as Fleet sees it: its instance facts and its ENIs (attached, or created and awaiting attach).</summary>
/// <param name="InstanceId">The EC2 instance id.</param>
/// <param name="Limits">The instance type's ENI limits.</param>
/// <param name="AvailabilityZone">The instance's availability zone.</param>
/// <param name="VpcId">The instance's VPC.</param>
/// <param name="NodeSubnetId">The subnet of the instance's primary ENI.</param>
/// <param name="Enis">Every ENI of the node, eth0 included.</param>
public sealed record NodeState(
    string InstanceId,
    InstanceLimits Limits,
    string AvailabilityZone,
    string VpcId,
    string NodeSubnetId,
    ImmutableArray<Eni> Enis)
{
    /// <summary>Replaces one ENI (matched by id) or adds it if absent.</summary>
    public NodeState WithEni(Eni eni)
    {
        for (var i = 0; i < Enis.Length; i++)
        {
            if (string.Equals(Enis[i].Id, eni.Id, StringComparison.Ordinal))
            {
                return this with { Enis = Enis.SetItem(i, eni) };
            }
        }

        return this with { Enis = Enis.Add(eni) };
    }

    /// <summary>Finds an ENI by id.</summary>
    public Eni? FindEni(string eniId)
    {
        foreach (var eni in Enis)
        {
            if (string.Equals(eni.Id, eniId, StringComparison.Ordinal))
            {
                return eni;
            }
        }

        return null;
    }
}
