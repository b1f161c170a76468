using System.Collections.Immutable;
using Fleet.Core.Catalog;
using Fleet.Core.Model;

namespace Fleet.Core.Planning;

/// <summary>A node as EC2 launches it: eth0 at device 0 with its primary IP only, deleted with the instance.</summary>
public static class FreshNode
{
    /// <summary>Builds a freshly launched node.</summary>
    public static NodeState Create(
        string instanceId,
        InstanceLimits limits,
        string availabilityZone = "us-east-1a",
        string vpcId = "vpc-0fleet",
        string subnetId = "subnet-0node",
        string primaryIp = "10.0.0.10",
        string securityGroup = "sg-0default")
    {
        var eth0 = new Eni(
            "eni-0" + instanceId.Replace("i-", string.Empty, StringComparison.Ordinal),
            subnetId,
            primaryIp,
            [],
            [],
            [securityGroup],
            ImmutableDictionary<string, string>.Empty,
            new EniAttachment("eni-attach-eth0", 0, limits.DefaultNetworkCardIndex, true));
        return new NodeState(instanceId, limits, availabilityZone, vpcId, subnetId, [eth0]);
    }
}
