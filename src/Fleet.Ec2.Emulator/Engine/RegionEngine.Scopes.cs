namespace Fleet.Ec2.Emulator.Engine;

/// <summary>
/// Where a call lands, for faults scoped to a zone or a subnet: the scopes (<c>zone:us-east-1a</c>,
/// <c>subnet:subnet-…</c>) of every resource a request names (instances, ENIs, attachments, subnets), and of every
/// resource a describe's answer holds. Unknown ids have no scope (the action answers NotFound as usual).
/// </summary>
internal sealed partial class RegionEngine
{
    /// <summary>The scope key of an availability zone.</summary>
    public static string ZoneScope(string zone) => "zone:" + zone;

    /// <summary>The scope key of a subnet.</summary>
    public static string SubnetScope(string subnetId) => "subnet:" + subnetId;

    /// <summary>The scopes of the resources a request names.</summary>
    public HashSet<string> ScopesOf(object request)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        switch (request)
        {
            case RunInstancesRequest r:
                if (r.SubnetId is { } s)
                {
                    AddSubnet(scopes, s);
                }
                else if (r.AvailabilityZone is { } zone)
                {
                    scopes.Add(ZoneScope(zone));
                }

                break;
            case TerminateInstancesRequest r:
                r.InstanceIds.ToList().ForEach(id => AddInstance(scopes, id));
                break;
            case CreateNetworkInterfaceRequest r:
                AddSubnet(scopes, r.SubnetId);
                break;
            case AttachNetworkInterfaceRequest r:
                AddEni(scopes, r.NetworkInterfaceId);
                AddInstance(scopes, r.InstanceId);
                break;
            case DetachNetworkInterfaceRequest r when _attachments.TryGetValue(r.AttachmentId, out var attached):
                Add(scopes, attached.Subnet);
                break;
            case DeleteNetworkInterfaceRequest r:
                AddEni(scopes, r.NetworkInterfaceId);
                break;
            case AssignPrivateIpAddressesRequest r:
                AddEni(scopes, r.NetworkInterfaceId);
                break;
            case UnassignPrivateIpAddressesRequest r:
                AddEni(scopes, r.NetworkInterfaceId);
                break;
            case ModifyNetworkInterfaceAttributeRequest r:
                AddEni(scopes, r.NetworkInterfaceId);
                break;
            case CreateTagsRequest r:
                r.ResourceIds.ToList().ForEach(id => AddAny(scopes, id));
                break;
            case DeleteTagsRequest r:
                r.ResourceIds.ToList().ForEach(id => AddAny(scopes, id));
                break;
        }

        return scopes;
    }

    /// <summary>
    /// The zones of the resources a describe answered with (describes change nothing, so they are judged by their
    /// answer). Subnets are left out: a subnet is not a failure domain of EC2's regional control plane, so a subnet
    /// fault acts on the calls that act in it, and a zone's DescribeSubnets still lists it beside its healthy siblings.
    /// </summary>
    public static HashSet<string> ScopesOfAnswer(object answer)
    {
        var scopes = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string Zone, string Subnet)> where = answer switch
        {
            DescribeInstancesResult r => r.Reservations.SelectMany(x => x.Instances).Select(i => (i.AvailabilityZone, i.SubnetId)),
            DescribeNetworkInterfacesResult r => r.NetworkInterfaces.Select(n => (n.AvailabilityZone, n.SubnetId)),
            DescribeSubnetsResult r => r.Subnets.Select(s => (s.AvailabilityZone, s.SubnetId)),
            _ => [],
        };
        foreach (var (zone, _) in where)
        {
            scopes.Add(ZoneScope(zone));
        }

        return scopes;
    }

    /// <summary>A describe's answer as it reads before its resources are visible: an empty page (null for other answers).</summary>
    public static object? Unseen(object answer) => answer switch
    {
        DescribeInstancesResult => new DescribeInstancesResult([], null),
        DescribeNetworkInterfacesResult => new DescribeNetworkInterfacesResult([], null),
        DescribeSubnetsResult => new DescribeSubnetsResult([], null),
        _ => null,
    };

    private void AddAny(HashSet<string> scopes, string id)
    {
        if (id.StartsWith("eni-", StringComparison.Ordinal))
        {
            AddEni(scopes, id);
        }
        else if (id.StartsWith("i-", StringComparison.Ordinal))
        {
            AddInstance(scopes, id);
        }
        else
        {
            AddSubnet(scopes, id);
        }
    }

    private void AddEni(HashSet<string> scopes, string id)
    {
        if (_enis.TryGetValue(id, out var eni))
        {
            Add(scopes, eni.Subnet);
        }
    }

    private void AddInstance(HashSet<string> scopes, string id)
    {
        if (_instances.TryGetValue(id, out var instance))
        {
            Add(scopes, instance.Subnet);
        }
    }

    private void AddSubnet(HashSet<string> scopes, string id)
    {
        if (_subnets.TryGetValue(id, out var subnet))
        {
            Add(scopes, subnet);
        }
    }

    private static void Add(HashSet<string> scopes, SubnetState subnet)
    {
        scopes.Add(ZoneScope(subnet.AvailabilityZone));
        scopes.Add(SubnetScope(subnet.Id));
    }
}
